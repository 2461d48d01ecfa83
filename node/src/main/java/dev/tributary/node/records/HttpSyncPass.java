package dev.tributary.node.records;

import dev.tributary.records.ChangeSelection;
import dev.tributary.records.Digest;
import dev.tributary.records.atom.DigestDocument;
import dev.tributary.records.atom.MalformedDocumentException;
import dev.tributary.records.atom.ResultFeedDocument;
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
import java.util.concurrent.CompletableFuture;

/**
 * The stateless engine of one pass (SData sync 3.2 and 5.1-5.7) over HTTP: GET the source's and the
 * target's digests at once and stop there when the source knows nothing the target lacks (an in-sync pass is one
 * round trip), else POST the target's digest to the source, poll the source's Location until the first page comes
 * (when it answers 202), stop there when the source has nothing the target lacks, POST each page to the target
 * (a fresh trackingID each, asking for the results in the answer), read its results (from a Location and DELETE
 * the target's context, for a target that answers 202), follow {@code next} links as given,
 * and DELETE the source's context after the last page. It keeps nothing between passes: killed and run again, the
 * target's digest (raised per applied page) makes the new pass send only what is left.
 *
 * <p>Pages move in the specification's Atom XML, or in Tributary's JSON when both endpoints answer the digest
 * request in JSON ({@link Wire#NEGOTIATE}, the default): the engine offers JSON in its {@code Accept} header, so a
 * provider that knows only Atom answers Atom and the pass stays in Atom.
 *
 * <p>With an event manager's URL, each page's result feed (the target's per-entry diagnostics) is POSTed there,
 * and a failed pass's reason as JSON {@code $diagnoses}; an event manager that does not answer is
 * logged, not fatal.
 *
 * @param source the source collection's URL (e.g. {@code http://host:port/records/accounts})
 * @param target the target collection's URL
 * @param sourceToken the bearer token for writes to the source, or null
 * @param targetToken the bearer token for writes to the target, or null
 * @param events the event manager's URL, or null
 * @param eventsToken the bearer token of the event manager (a node's event manager needs the node's), or null
 * @param wire the representation pages move in
 * @param oneCollection whether to refuse a source and a target of different collection names
 *                      ({@link DifferentCollections}), once both answered their digests
 */
public record HttpSyncPass(HttpClient http, URI source, URI target, String sourceToken, String targetToken, URI events,
                           String eventsToken, Wire wire, boolean oneCollection) {
    private static final String ENTRY = "application/atom+xml; type=entry";
    private static final String FEED = "application/atom+xml; type=feed";
    /** What the engine accepts when it may use JSON: Tributary's JSON first, the specification's Atom XML next. */
    private static final String OFFER_JSON = JsonFormat.TYPE + ", application/atom+xml;q=0.9, application/xml;q=0.8";

    /** The representation a pass moves pages in. */
    public enum Wire {
        /**
         * Tributary's JSON ({@code docs/records-json.md}) when both endpoints answer the digest request in it (two
         * Tributary endpoints do), else Atom XML: the same documents, read and written several times faster.
         */
        NEGOTIATE,
        /** The specification's Atom XML, whatever the endpoints offer. */
        ATOM
    }

    public HttpSyncPass {
        java.util.Objects.requireNonNull(wire, "wire");
    }

    /** A pass moving pages in {@code wire}, between collections of any names. */
    public HttpSyncPass(HttpClient http, URI source, URI target, String sourceToken, String targetToken, URI events,
                        String eventsToken, Wire wire) {
        this(http, source, target, sourceToken, targetToken, events, eventsToken, wire, false);
    }

    /** A pass that negotiates its representation ({@link Wire#NEGOTIATE}). */
    public HttpSyncPass(HttpClient http, URI source, URI target, String sourceToken, String targetToken, URI events,
                        String eventsToken) {
        this(http, source, target, sourceToken, targetToken, events, eventsToken, Wire.NEGOTIATE);
    }

    /** This pass, moving pages in {@code wire}. */
    public HttpSyncPass with(Wire wire) {
        return new HttpSyncPass(http, source, target, sourceToken, targetToken, events, eventsToken, wire, oneCollection);
    }

    /**
     * This pass, refusing a source and a target of different collection names ({@code .../records/customers} into
     * {@code .../records/orders}) with {@link DifferentCollections} once both answered their digests.
     */
    public HttpSyncPass oneCollectionOnly() {
        return new HttpSyncPass(http, source, target, sourceToken, targetToken, events, eventsToken, wire, true);
    }
    private static final byte[] NOTHING_TO_REPORT = "{\"$diagnoses\": []}".getBytes(StandardCharsets.UTF_8);
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(HttpSyncPass.class);

    /** A pass with one token for both endpoints and no event manager. */
    public HttpSyncPass(HttpClient http, URI source, URI target, String token) {
        this(http, source, target, token, token, null, null);
    }

    /** A pass reporting to an event manager that needs no token. */
    public HttpSyncPass(HttpClient http, URI source, URI target, String sourceToken, String targetToken, URI events) {
        this(http, source, target, sourceToken, targetToken, events, null);
    }

    /** What a pass reports while it runs (on its own thread). */
    public interface Listener {
        /**
         * The pass sends at most {@code entries} entries (the ticks between the two digests): told once the digests
         * are read (0 when they agree: the pass ends there), and again as the source's pass begins.
         */
        default void started(long entries) {
        }

        /**
         * A page was applied: the pass's totals so far, over the pages whose results the target answered (a page it
         * applied is counted once its results are read).
         */
        default void page(Summary soFar) {
        }

        /**
         * The pass ended well, having sent {@code summary.entries()}: fewer than {@link #started} told where rows
         * changed more than once since the target last synced (each change a tick, only the last one sent).
         */
        default void finished(Summary summary) {
        }
    }

    private static final Listener QUIET = new Listener() {
    };

    /**
     * What a pass did. Each entry sent is applied, kept or skipped: {@code entries = applied + kept + skipped} (for a
     * target that answers a result per entry, as Tributary's do). A conflict is either applied (the source's copy
     * won) or kept, so {@code conflicts} may exceed {@code applied}.
     *
     * @param pages pages the target applied
     * @param entries entries sent (each a record's last change since the target last heard of it)
     * @param applied entries the target took: the source's copy now stands there, whether or not it had to win a
     *                conflict to
     * @param conflicts entries whose two copies were in conflict, decided for either side
     * @param kept conflicts the target's copy won: it kept its copy (and reissued it, for a pass back to carry)
     * @param skipped entries the target did not need: it held that change, or a newer one, already
     * @param roundTrips exchanges one after another
     * @param json whether pages moved in Tributary's JSON (both endpoints offered it) rather than Atom XML
     */
    public record Summary(int pages, int entries, int applied, int conflicts, int kept, int skipped, int roundTrips,
                          boolean json) {
        /** Conflicts the source's copy won: applied over the target's copy. */
        public int conflictsApplied() {
            return conflicts - kept;
        }
    }

    /** The representation of one pass: the documents' format and the media types the engine sends them as. */
    private record Format(RecordsFormat codec, String accept, String entryType, String feedType) {
        static final Format ATOM = new Format(Formats.xml(), null, ENTRY, FEED);
        static final Format JSON = new Format(Formats.json(), JsonFormat.TYPE, JsonFormat.TYPE, JsonFormat.TYPE);
    }

    /**
     * Runs the pass, naming it {@code runName} at {@code runStamp}.
     *
     * @throws IOException when an endpoint cannot be reached or answers an error (the message says which and why)
     */
    public Summary run(String runName, String runStamp) throws IOException, InterruptedException {
        return run(runName, runStamp, QUIET);
    }

    /**
     * Runs the pass, naming it {@code runName} at {@code runStamp}, telling {@code listener} how it goes; on failure
     * tells the event manager (if any) why.
     *
     * @throws IOException when an endpoint cannot be reached or answers an error (the message says which and why)
     */
    public Summary run(String runName, String runStamp, Listener listener) throws IOException, InterruptedException {
        try {
            Summary s = pass(runName, runStamp, listener);
            listener.finished(s);
            return s;
        } catch (IOException e) {
            if (events != null) {
                com.fasterxml.jackson.databind.node.ObjectNode d = new com.fasterxml.jackson.databind.ObjectMapper()
                        .createObjectNode();
                d.putArray("$diagnoses").addObject().put("$severity", "error").put("$sdataCode", "ApplicationDiagnosis")
                        .put("$applicationCode", "passFailed").put("$message", e.getMessage());
                report(runName, runStamp, "application/json", d.toString().getBytes(StandardCharsets.UTF_8));
            }
            throw e;
        }
    }

    private Summary pass(String runName, String runStamp, Listener listener) throws IOException, InterruptedException {
        Counter c = new Counter();
        // Both digests at once, one round trip: when the source knows nothing the target lacks, the pass ends here.
        String offer = wire == Wire.NEGOTIATE ? OFFER_JSON : null;
        HttpResponse<byte[]>[] digests = sendTogether(c, get(source + "/$syncDigest", offer),
                get(target + "/$syncDigest", offer));
        CollectionCheck.check(source, "source", digests[0].statusCode(), digests[0].body());
        CollectionCheck.check(target, "target", digests[1].statusCode(), digests[1].body());
        Format f = wire == Wire.NEGOTIATE && isJson(digests[0]) && isJson(digests[1]) ? Format.JSON : Format.ATOM;
        byte[] sourceAnswer = expectDigest(c, digests[0], "source");
        byte[] digest = expectDigest(c, digests[1], "target");
        if (oneCollection) {
            // both answered their digests, so both are collections: their names say whether the same (a mistyped
            // name, a 404, was said above as such, not as another collection)
            DifferentCollections.check(source, target);
        }
        Digest sourceDigest = readDigest(formatOf(digests[0]), sourceAnswer, "source").digest();
        DigestDocument targetDocument = readDigest(formatOf(digests[1]), digest, "target");
        Digest targetDigest = targetDocument.digest();
        if (f == Format.ATOM && formatOf(digests[1]) != Formats.xml()) {
            // the source offers only Atom: it gets the target's digest in Atom
            digest = Formats.xml().digest(targetDocument);
        }
        listener.started(most(sourceDigest, targetDigest)); // 0 when in sync: the pass ends here
        if (ChangeSelection.between(sourceDigest, targetDigest).isEmpty()) {
            if (events != null) {
                // the run is still on record at the event manager: it ran, and there was nothing to do
                report(runName, runStamp, "application/json", NOTHING_TO_REPORT);
            }
            return new Summary(0, 0, 0, 0, 0, 0, c.trips, f == Format.JSON);
        }
        String run = "&runName=" + enc(runName) + "&runStamp=" + enc(runStamp);
        // No trackingID on the source: reading changes has no effect to make idempotent, and a provider may then
        // answer the first page at once (200), which saves the poll and the DELETE.
        HttpResponse<byte[]> started = send(c, post(source + "/$syncSource?" + run.substring(1), f.entryType(), f.accept(),
                digest, sourceToken));
        String sourceContext = null;
        if (started.statusCode() == 202) {
            sourceContext = location(started);
            started = poll(c, sourceContext, f);
        }
        byte[] page = expect(c, started, 200, "starting the source's pass");
        int pages = 0;
        int entries = 0;
        ResultCounts[] totals = {ResultCounts.NONE};
        Applied earlier = null; // the page before, whose results may still be on their way
        while (true) {
            FeedSkim feed = read(f, page); // what the engine needs of it: the target reads its entries
            if (pages == 0 && feed.entries() == 0 && feed.next().isEmpty()
                    && ChangeSelection.between(feed.digest(), targetDigest).isEmpty()) {
                if (events != null) {
                    // the run is still on record at the event manager: it ran, and there was nothing to do
                    report(runName, runStamp, "application/json", NOTHING_TO_REPORT);
                }
                break; // in sync: an empty last page would change nothing on the target, not even its digest
            }
            if (pages == 0) {
                listener.started(most(feed.digest(), targetDigest)); // the source's digest as its pass began
            }
            pages++;
            entries += feed.entries();
            // the source reads and writes the next page while the target applies this one
            Optional<String> next = feed.next();
            HttpRequest nextRequest = next.map(url -> get(url, f.accept())).orElse(null);
            CompletableFuture<HttpResponse<byte[]>> nextPage = nextRequest == null ? null
                    : http.sendAsync(nextRequest, HttpResponse.BodyHandlers.ofByteArray());
            Applied applied;
            try {
                applied = new Applied(applyPage(c, f, page, run), pages, entries);
                if (earlier != null) {
                    account(f, earlier, runName, runStamp, totals, c.trips, listener);
                }
            } catch (IOException | InterruptedException | RuntimeException e) {
                if (nextPage != null) {
                    nextPage.cancel(true);
                }
                throw e;
            }
            earlier = applied;
            if (nextPage == null) {
                break;
            }
            c.trips++;
            page = expect(c, await(nextRequest, nextPage), 200, "reading the source's next page");
        }
        if (earlier != null) {
            if (!earlier.results().isDone()) {
                c.trips++; // the last page's results, waited for
            }
            account(f, earlier, runName, runStamp, totals, c.trips, listener);
        }
        if (sourceContext != null) {
            send(c, HttpRequest.newBuilder(URI.create(sourceContext)).DELETE().headers(auth(sourceToken)).build());
        }
        ResultCounts t = totals[0];
        return new Summary(pages, entries, t.applied(), t.conflicts(), t.kept(), t.skipped(), c.trips, f == Format.JSON);
    }

    /** Sends the target's diagnostics of a pass to the event manager; one that fails is logged, not fatal. */
    private void report(String runName, String runStamp, String type, byte[] body) throws InterruptedException {
        String url = events + (events.getQuery() == null ? "?" : "&") + "runName=" + enc(runName) + "&runStamp="
                + enc(runStamp) + "&source=" + enc(source.toString()) + "&target=" + enc(target.toString());
        try {
            HttpResponse<byte[]> r = http.send(post(url, type, body, eventsToken), HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() / 100 != 2) {
                // what it said: a node's event manager that refuses the token says so, and which token it takes
                LOG.warn("the event manager {} answered {} to the diagnostics of run '{}': {}; the pass goes on", events,
                        r.statusCode(), runName, eventManagerRefusal(r.statusCode(), r.body()));
            }
        } catch (IOException e) {
            // in words, as the endpoints' failures are: Java's connect failure has no message of its own
            IOException said = Unreachable.inWords("the event manager ", events, e, Duration.ofSeconds(60));
            LOG.warn("{}; the pass goes on", said != e ? said.getMessage() : "the event manager " + events
                    + " failed (" + (e.getMessage() == null ? "no answer" : e.getMessage()) + ")");
        }
    }

    /**
     * What an event manager's refusal says to the user of the sync: a 404 or 405 is a URL with no event manager (not
     * the route list a node's 404 holds); a refused token names the option that gives it, not the HTTP header a node
     * tells curl users to send.
     */
    static String eventManagerRefusal(int status, byte[] body) {
        if (status == 404 || status == 405) { // 405: a node's event feed, /events, which takes GET only
            return "no event manager there (a node serves one at /events/diagnostics when it runs with --events)";
        }
        if (body.length == 0) {
            return "no reason given";
        }
        String said = whatItSaid(body);
        if (status == 401 || status == 403) {
            int header = said.indexOf(": send the header Authorization");
            return (header >= 0 ? said.substring(0, header) : said) + " (give the event manager's token with"
                    + " --events-token TOKEN, or --events-token @DIR for the node whose data directory is DIR)";
        }
        return said;
    }

    /** A page the target applied, with its results, which may still be on their way. */
    private record Applied(CompletableFuture<byte[]> results, int page, int entriesSoFar) {
    }

    /**
     * Counts a page's results into {@code totals[0]}, reports them to the event manager and to the listener. Without
     * an event manager (or with one and Atom results, passed on as they came) the results are counted as they stream,
     * not taken in.
     */
    private void account(Format f, Applied a, String runName, String runStamp, ResultCounts[] totals, int trips,
                         Listener listener) throws IOException, InterruptedException {
        byte[] body = awaitResults(a.results());
        if (events != null && f != Format.ATOM) {
            ResultFeedDocument results = readResults(f, body);
            totals[0] = totals[0].plus(ResultCounts.of(results));
            // the event manager takes result feeds in the specification's form
            report(runName, runStamp, FEED, Formats.xml().results(results));
        } else {
            totals[0] = totals[0].plus(countResults(f, body));
            if (events != null) {
                report(runName, runStamp, FEED, body);
            }
        }
        ResultCounts t = totals[0];
        listener.page(new Summary(a.page(), a.entriesSoFar(), t.applied(), t.conflicts(), t.kept(), t.skipped(), trips,
                f == Format.JSON));
    }

    private static byte[] awaitResults(CompletableFuture<byte[]> results) throws IOException, InterruptedException {
        try {
            return results.get();
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause();
            while (cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null) {
                cause = cause.getCause();
            }
            throw cause instanceof IOException io ? io : new IOException(cause.getMessage(), cause);
        }
    }

    private static final String APPLYING = "applying a page on the target";

    /**
     * POSTs a page to the target and returns once the target has applied it. The POST carries a trackingID (a
     * repeated POST applies nothing twice) and {@code Prefer: return=representation}: a target that honours it
     * (Tributary's does) answers 200 with the results, one exchange a page; the engine goes on once the status is in,
     * the results read meanwhile (Tributary's target sends the status before it writes them, so the next page is
     * applied while they come). A target that answers 202 with a
     * tracking payload saying it has completed has its results fetched and its context deleted while the engine
     * goes on with the next page; one still at work is polled until it answers, so pages are always applied one
     * after the other, in order.
     */
    private CompletableFuture<byte[]> applyPage(Counter c, Format f, byte[] page, String run)
            throws IOException, InterruptedException {
        // the results in the POST's answer, if the target will (Tributary's does): no GET and DELETE of a context
        HttpRequest apply = HttpRequest.newBuilder(post(target + "/$syncTarget?trackingID=" + UUID.randomUUID() + run,
                f.feedType(), f.accept(), page, targetToken), (name, value) -> true)
                .header("Prefer", "return=representation").build();
        c.trips++;
        HttpResponse<java.io.InputStream> streaming;
        try {
            streaming = http.send(apply, HttpResponse.BodyHandlers.ofInputStream()); // returns once the status is in
        } catch (IOException e) {
            throw inWords(apply, e);
        }
        if (streaming.statusCode() == 200) {
            // applied: the next page may go while the results come in
            java.io.InputStream in = streaming.body();
            return CompletableFuture.supplyAsync(() -> {
                try (in) {
                    return in.readAllBytes();
                } catch (IOException e) {
                    throw new java.util.concurrent.CompletionException(inWords(apply, e));
                }
            }, RESULTS_READER);
        }
        HttpResponse<byte[]> r = Buffered.of(streaming, apply);
        if (r.statusCode() != 202) {
            return CompletableFuture.completedFuture(expect(c, r, 200, APPLYING));
        }
        String context = location(r);
        HttpRequest delete = HttpRequest.newBuilder(URI.create(context)).DELETE().headers(auth(targetToken)).build();
        if (!completed(r)) {
            byte[] body = expect(c, poll(c, context, f), 200, APPLYING);
            send(c, delete);
            return CompletableFuture.completedFuture(body);
        }
        HttpRequest results = get(context, f.accept());
        return http.sendAsync(results, HttpResponse.BodyHandlers.ofByteArray())
                .exceptionallyCompose(e -> CompletableFuture.failedFuture(e instanceof IOException io
                        ? inWords(results, io) : e))
                .thenCompose(answer -> {
                    if (answer.statusCode() != 200) {
                        return CompletableFuture.failedFuture(unexpected(answer, APPLYING));
                    }
                    // the context is the target's to forget; a DELETE that fails leaves it to expire there
                    return http.sendAsync(delete, HttpResponse.BodyHandlers.discarding()).handle((d, e) -> answer.body());
                });
    }

    /** Reads the results a target answers at once while the engine goes on: daemon threads, made as needed. */
    private static final java.util.concurrent.ExecutorService RESULTS_READER =
            java.util.concurrent.Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "records sync results");
                t.setDaemon(true);
                return t;
            });

    /** An answer whose body was streamed, read whole. */
    private record Buffered(HttpResponse<java.io.InputStream> streamed, byte[] body) implements HttpResponse<byte[]> {
        static Buffered of(HttpResponse<java.io.InputStream> streamed, HttpRequest request) throws IOException {
            try (java.io.InputStream in = streamed.body()) {
                return new Buffered(streamed, in.readAllBytes());
            } catch (IOException e) {
                throw inWords(request, e);
            }
        }

        @Override
        public int statusCode() {
            return streamed.statusCode();
        }

        @Override
        public HttpRequest request() {
            return streamed.request();
        }

        @Override
        public Optional<HttpResponse<byte[]>> previousResponse() {
            return Optional.empty();
        }

        @Override
        public java.net.http.HttpHeaders headers() {
            return streamed.headers();
        }

        @Override
        public Optional<javax.net.ssl.SSLSession> sslSession() {
            return streamed.sslSession();
        }

        @Override
        public URI uri() {
            return streamed.uri();
        }

        @Override
        public HttpClient.Version version() {
            return streamed.version();
        }
    }

    /** Whether a 202's tracking payload says the work is done (phase Completed, or 100 percent). */
    private static boolean completed(HttpResponse<byte[]> accepted) {
        try {
            dev.tributary.records.atom.Tracking t = formatOf(accepted).readTracking(accepted.body());
            return "Completed".equalsIgnoreCase(t.phase()) || t.progress() >= 100.0;
        } catch (MalformedDocumentException e) {
            return false; // no readable tracking: poll, as for work in progress
        }
    }

    private static ResultCounts countResults(Format f, byte[] body) throws IOException {
        try {
            return f.codec().countResults(body);
        } catch (MalformedDocumentException e) {
            throw new IOException("the target's results are not a result feed: " + e.getMessage(), e);
        }
    }

    private static ResultFeedDocument readResults(Format f, byte[] body) throws IOException {
        try {
            return f.codec().readResults(body);
        } catch (MalformedDocumentException e) {
            throw new IOException("the target's results are not a result feed: " + e.getMessage(), e);
        }
    }

    private HttpResponse<byte[]> poll(Counter c, String location, Format f) throws IOException, InterruptedException {
        while (true) {
            HttpResponse<byte[]> r = send(c, get(location, f.accept()));
            if (r.statusCode() != 202) {
                return r;
            }
            Thread.sleep(50); // the provider's tracking says when to poll again; ours answers 200 at once
        }
    }

    private static boolean isJson(HttpResponse<byte[]> r) {
        return r.statusCode() == 200 && formatOf(r) == Formats.json();
    }

    private static RecordsFormat formatOf(HttpResponse<byte[]> r) {
        return Formats.ofType(r.headers().firstValue("Content-Type").orElse(null));
    }

    private static DigestDocument readDigest(RecordsFormat format, byte[] entry, String whose) throws IOException {
        try {
            return format.readDigest(entry);
        } catch (MalformedDocumentException e) {
            throw new IOException("the " + whose + "'s digest is not a digest: " + e.getMessage(), e);
        }
    }

    private static FeedSkim read(Format f, byte[] page) throws IOException {
        try {
            return f.codec().skimFeed(page);
        } catch (MalformedDocumentException e) {
            throw new IOException("the source's page is not a sync feed: " + e.getMessage(), e);
        }
    }

    /** The most entries a pass from {@code source} to {@code target} sends: the ticks between the digests. */
    private static long most(Digest source, Digest target) {
        long most = 0;
        for (dev.tributary.records.TickRange r : ChangeSelection.between(source, target)) {
            most += r.toExclusive() - r.fromInclusive();
        }
        return most;
    }

    private static String location(HttpResponse<byte[]> r) throws IOException {
        return r.headers().firstValue("Location").orElseThrow(() -> new IOException("a 202 answer without Location from "
                + r.uri()));
    }

    /**
     * The body of a digest answer.
     *
     * @throws NotACollection when the endpoint says it serves no such collection (404, 410): asking again will not help
     */
    private byte[] expectDigest(Counter c, HttpResponse<byte[]> r, String whose) throws IOException {
        try {
            return expect(c, r, 200, "reading the " + whose + "'s digest");
        } catch (IOException e) {
            throw r.statusCode() == 404 || r.statusCode() == 410 ? new NotACollection(e.getMessage()) : e;
        }
    }

    /**
     * The body of an answer of {@code status}.
     *
     * @throws IOException the {@link #unexpected} failure for any other status
     */
    private byte[] expect(Counter c, HttpResponse<byte[]> r, int status, String doing) throws IOException {
        if (r.statusCode() != status) {
            throw unexpected(r, doing);
        }
        return r.body();
    }

    /**
     * The failure for an answer of a status the engine did not expect, saying what was being done and what the
     * endpoint said: a {@link TokenRefused} for a 401 or 403 (the token is missing or wrong, and asking again will not
     * help), else a plain {@link IOException}.
     */
    private static IOException unexpected(HttpResponse<byte[]> r, String doing) {
        // the URL without its query: the tracking id and run stamp say nothing to the user
        URI u = r.uri();
        String said = doing + ": " + u.getScheme() + "://" + u.getRawAuthority() + u.getRawPath() + " answered "
                + r.statusCode() + ": " + whatItSaid(r.body());
        return r.statusCode() == 401 || r.statusCode() == 403 ? new TokenRefused(said, r.uri()) : new IOException(said);
    }

    private static final java.util.regex.Pattern MESSAGE = java.util.regex.Pattern.compile(
            "<sdata:message>(.*?)</sdata:message>|\"(?:\\$message|error)\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"",
            java.util.regex.Pattern.DOTALL);

    /**
     * What an endpoint's error answer says: the messages of its diagnoses (XML or JSON) or its JSON error, else its
     * text, on one line and at most 500 characters.
     */
    static String whatItSaid(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        String start = text.stripLeading().toLowerCase(java.util.Locale.ROOT);
        if (start.startsWith("<!doctype html") || start.startsWith("<html")) {
            java.util.regex.Matcher title = java.util.regex.Pattern.compile("(?is)<title>(.*?)</title>").matcher(text);
            return "an HTML page" + (title.find() ? " (" + title.group(1).replaceAll("\\s+", " ").strip() + ")" : "")
                    + ", not a record endpoint's answer: is the URL a record collection (/records/NAME)?";
        }
        java.util.regex.Matcher m = MESSAGE.matcher(text);
        java.util.List<String> messages = new java.util.ArrayList<>();
        while (m.find()) {
            messages.add(m.group(1) != null ? m.group(1).replace("&lt;", "<").replace("&gt;", ">")
                    .replace("&quot;", "\"").replace("&apos;", "'").replace("&amp;", "&")
                    : m.group(2).replace("\\\"", "\"").replace("\\\\", "\\"));
        }
        String said = (messages.isEmpty() ? text : String.join("; ", messages)).replaceAll("\\s+", " ").strip();
        return said.length() <= 500 ? said : said.substring(0, 500) + "...";
    }

    private HttpResponse<byte[]> send(Counter c, HttpRequest request) throws IOException, InterruptedException {
        c.trips++;
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw inWords(request, e);
        }
    }

    /** Sends {@code requests} at once and waits for every answer: one round trip. */
    @SuppressWarnings("unchecked")
    private HttpResponse<byte[]>[] sendTogether(Counter c, HttpRequest... requests)
            throws IOException, InterruptedException {
        c.trips++;
        CompletableFuture<HttpResponse<byte[]>>[] sent = new CompletableFuture[requests.length];
        for (int i = 0; i < requests.length; i++) {
            sent[i] = http.sendAsync(requests[i], HttpResponse.BodyHandlers.ofByteArray());
        }
        HttpResponse<byte[]>[] answers = new HttpResponse[requests.length];
        for (int i = 0; i < requests.length; i++) {
            try {
                answers[i] = await(requests[i], sent[i]);
            } catch (IOException | InterruptedException e) {
                for (CompletableFuture<?> f : sent) {
                    f.cancel(true);
                }
                throw e;
            }
        }
        return answers;
    }

    /** The answer to {@code request}, sent as {@code sent}; a failure in the user's words. */
    private static HttpResponse<byte[]> await(HttpRequest request, CompletableFuture<HttpResponse<byte[]>> sent)
            throws IOException, InterruptedException {
        try {
            return sent.get();
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof IOException io ? inWords(request, io)
                    : new IOException(request.uri() + ": " + cause.getMessage(), cause);
        }
    }

    /** A failure to reach an endpoint, in the user's words. */
    private static IOException inWords(HttpRequest request, IOException e) {
        return Unreachable.inWords("", request.uri(), e, request.timeout().orElse(Duration.ofSeconds(60)));
    }

    /** A GET, with an {@code Accept} header when {@code accept} is not null. */
    private static HttpRequest get(String url, String accept) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).GET();
        return (accept == null ? b : b.header("Accept", accept)).build();
    }

    private HttpRequest post(String url, String type, byte[] body, String token) {
        return post(url, type, null, body, token);
    }

    private HttpRequest post(String url, String type, String accept, byte[] body, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).headers(auth(token))
                .header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        return (accept == null ? b : b.header("Accept", accept)).build();
    }

    private static String[] auth(String token) {
        return token == null ? new String[] {"X-Tributary", "records"} : new String[] {"Authorization", "Bearer " + token};
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static final class Counter {
        int trips;
    }
}
