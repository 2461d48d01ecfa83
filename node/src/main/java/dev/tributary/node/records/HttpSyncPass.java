package dev.tributary.node.records;

import dev.tributary.records.ChangeSelection;
import dev.tributary.records.Digest;
import dev.tributary.records.atom.AtomReader;
import dev.tributary.records.atom.MalformedDocumentException;
import dev.tributary.records.atom.ResultEntryDocument;
import dev.tributary.records.atom.ResultFeedDocument;
import dev.tributary.records.atom.SyncFeedDocument;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * The stateless engine of one pass (SData sync 3.2 and 5.1-5.7) over HTTP in Atom XML: GET the target's digest,
 * POST it to the source, poll the source's Location until the first page comes (when it answers 202), stop there
 * when the source has nothing the target lacks (an in-sync pass is two round trips), POST each page to the target
 * (a fresh trackingID each), read its results, DELETE the target's context, follow {@code next} links as given,
 * and DELETE the source's context after the last page. It keeps nothing between passes: killed and run again, the
 * target's digest (raised per applied page) makes the new pass send only what is left.
 *
 * @param source the source collection's URL (e.g. {@code http://host:port/records/accounts})
 * @param target the target collection's URL
 * @param token the bearer token for writes, or null
 */
public record HttpSyncPass(HttpClient http, URI source, URI target, String token) {
    private static final String ENTRY = "application/atom+xml; type=entry";
    private static final String FEED = "application/atom+xml; type=feed";

    /** What a pass did. */
    public record Summary(int pages, int entries, int applied, int conflicts, int roundTrips) {
    }

    /**
     * Runs the pass, naming it {@code runName} at {@code runStamp}.
     *
     * @throws IOException when an endpoint cannot be reached or answers an error (the message says which and why)
     */
    public Summary run(String runName, String runStamp) throws IOException, InterruptedException {
        Counter c = new Counter();
        byte[] digest = expect(c, send(c, get(target.toString() + "/$syncDigest")), 200, "reading the target's digest");
        String run = "&runName=" + enc(runName) + "&runStamp=" + enc(runStamp);
        // No trackingID on the source: reading changes has no effect to make idempotent, and a provider may then
        // answer the first page at once (200), which saves the poll and the DELETE.
        HttpResponse<byte[]> started = send(c, post(source + "/$syncSource?" + run.substring(1), ENTRY, digest));
        String sourceContext = null;
        if (started.statusCode() == 202) {
            sourceContext = location(started);
            started = poll(c, sourceContext);
        }
        byte[] page = expect(c, started, 200, "starting the source's pass");
        int pages = 0;
        int entries = 0;
        int applied = 0;
        int conflicts = 0;
        Digest targetDigest = readDigest(digest);
        while (true) {
            SyncFeedDocument feed = read(page);
            if (pages == 0 && feed.entries().isEmpty() && feed.next().isEmpty()
                    && ChangeSelection.between(feed.digest(), targetDigest).isEmpty()) {
                break; // in sync: an empty last page would change nothing on the target, not even its digest
            }
            pages++;
            entries += feed.entries().size();
            ResultFeedDocument results = postPage(c, page, run);
            for (ResultEntryDocument r : results.entries()) {
                applied += r.httpMethod() != null ? 1 : 0;
                conflicts += r.diagnosis() != null && "warning".equals(r.diagnosis().severity()) || r.httpStatus() == 409
                        ? 1 : 0;
            }
            Optional<String> next = feed.next();
            if (next.isEmpty()) {
                break;
            }
            page = expect(c, send(c, get(next.get())), 200, "reading the source's next page");
        }
        if (sourceContext != null) {
            send(c, HttpRequest.newBuilder(URI.create(sourceContext)).DELETE().headers(auth()).build());
        }
        return new Summary(pages, entries, applied, conflicts, c.trips);
    }

    private ResultFeedDocument postPage(Counter c, byte[] page, String run) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = send(c, post(target + "/$syncTarget?trackingID=" + UUID.randomUUID() + run, FEED, page));
        String context = null;
        if (r.statusCode() == 202) {
            context = location(r);
            r = poll(c, context);
        }
        byte[] body = expect(c, r, 200, "applying a page on the target");
        if (context != null) {
            send(c, HttpRequest.newBuilder(URI.create(context)).DELETE().headers(auth()).build());
        }
        try {
            return new AtomReader().readResults(new ByteArrayInputStream(body));
        } catch (MalformedDocumentException e) {
            throw new IOException("the target's results are not a result feed: " + e.getMessage(), e);
        }
    }

    private HttpResponse<byte[]> poll(Counter c, String location) throws IOException, InterruptedException {
        while (true) {
            HttpResponse<byte[]> r = send(c, get(location));
            if (r.statusCode() != 202) {
                return r;
            }
            Thread.sleep(50); // the provider's tracking says when to poll again; ours answers 200 at once
        }
    }

    private static Digest readDigest(byte[] entry) throws IOException {
        try {
            return new AtomReader().readDigest(new ByteArrayInputStream(entry)).digest();
        } catch (MalformedDocumentException e) {
            throw new IOException("the target's digest is not a digest: " + e.getMessage(), e);
        }
    }

    private static SyncFeedDocument read(byte[] page) throws IOException {
        try {
            return new AtomReader().readFeed(new ByteArrayInputStream(page));
        } catch (MalformedDocumentException e) {
            throw new IOException("the source's page is not a sync feed: " + e.getMessage(), e);
        }
    }

    private static String location(HttpResponse<byte[]> r) throws IOException {
        return r.headers().firstValue("Location").orElseThrow(() -> new IOException("a 202 answer without Location from "
                + r.uri()));
    }

    private byte[] expect(Counter c, HttpResponse<byte[]> r, int status, String doing) throws IOException {
        if (r.statusCode() != status) {
            throw new IOException(doing + ": " + r.uri() + " answered " + r.statusCode() + ": "
                    + new String(r.body(), StandardCharsets.UTF_8).replaceAll("\\s+", " ").strip());
        }
        return r.body();
    }

    private HttpResponse<byte[]> send(Counter c, HttpRequest request) throws IOException, InterruptedException {
        c.trips++;
        return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    private static HttpRequest get(String url) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).GET().build();
    }

    private HttpRequest post(String url, String type, byte[] body) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).headers(auth())
                .header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    private String[] auth() {
        return token == null ? new String[] {"X-Tributary", "records"} : new String[] {"Authorization", "Bearer " + token};
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static final class Counter {
        int trips;
    }
}
