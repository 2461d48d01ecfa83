package dev.tributary.node.records;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine kept running (live mode): it syncs, then waits for the source's digest (and, two-way, the target's) to
 * change by long polls, {@code GET $syncDigest} with {@code If-None-Match} and {@code Prefer: wait=25}, and syncs again
 * as soon as one does; a change reaches the target in about one sync after it is made. Stateless like
 * {@link RecordsSync}: stopped at any moment, nothing is lost, and run again it sends what is left.
 *
 * <p>The tags are read before each sync, so a change made while the sync runs ends the next wait at once. An
 * endpoint that cannot be reached (or fails) is tried again after {@link #RETRY}, told to a {@link Retrying} (the command
 * line prints a line in words; by default, a log line); a provider that gives
 * no {@code ETag} is asked again every {@link #RETRY} instead. A URL that is not a record collection at all, or a
 * collection its endpoint does not serve ({@link NotACollection}), or a token an endpoint refuses
 * ({@link TokenRefused}), ends the run at once, as it ends {@link RecordsSync#run}: asking again would not help.
 */
public final class LiveSync {
    private static final Logger LOG = LoggerFactory.getLogger(LiveSync.class);
    /** How long one long poll waits for a change. */
    static final Duration WAIT = Duration.ofSeconds(25);
    /** The pause before trying an endpoint again that failed, or asking again one that cannot wait. */
    static final Duration RETRY = Duration.ofSeconds(2);

    private LiveSync() {
    }

    /** Hears each failed attempt, before the engine waits {@code after} and tries again. */
    @FunctionalInterface
    public interface Retrying {
        /**
         * @param why what failed, in words (such as {@code cannot reach http://127.0.0.1:8101 (connection refused)})
         * @param after how long the engine waits before it tries again
         */
        void retrying(String why, Duration after);
    }

    /**
     * Syncs as {@link RecordsSync#run} does, again and again, each time one side changed, until the thread is
     * interrupted; {@code synced} hears every sync's result; a failed attempt is logged (as a warning) and tried again.
     *
     * @throws InterruptedException when stopped
     * @throws NotACollection when the source or the target is not a record collection (the message says which)
     * @throws TokenRefused   when an endpoint refuses the token it was given (the message says which)
     */
    public static void run(HttpClient http, RecordsSync.Options o, RecordsSync.Listener passes,
                           Consumer<RecordsSync.Result> synced) throws InterruptedException, NotACollection, TokenRefused {
        run(http, o, passes, synced, (why, after) -> LOG.warn("live sync: {}; trying again in {} s", why,
                after.toSeconds()));
    }

    /**
     * {@link #run(HttpClient, RecordsSync.Options, RecordsSync.Listener, Consumer)}, a failed attempt told to
     * {@code retrying} instead of the log.
     */
    public static void run(HttpClient http, RecordsSync.Options o, RecordsSync.Listener passes,
                           Consumer<RecordsSync.Result> synced, Retrying retrying)
            throws InterruptedException, NotACollection, TokenRefused {
        List<Watched> watched = new ArrayList<>(List.of(new Watched(RecordsSync.trim(o.source()), "source")));
        if (o.twoWay()) {
            watched.add(new Watched(RecordsSync.trim(o.target()), "target"));
        }
        while (true) {
            try {
                List<String> tags = tags(http, watched);
                synced.accept(RecordsSync.run(http, o, passes));
                if (tags.contains(null)) {
                    Thread.sleep(RETRY.toMillis()); // a provider without tags: ask again soon
                } else {
                    awaitChange(http, watched, tags);
                }
            } catch (NotACollection | TokenRefused e) {
                throw e;
            } catch (IOException e) {
                retrying.retrying(e.getMessage(), RETRY);
                Thread.sleep(RETRY.toMillis());
            }
        }
    }

    /**
     * A collection whose digest the engine watches (its URL without a trailing slash), and what it is to the user
     * ("source" or "target").
     */
    private record Watched(URI collection, String role) {
        URI digest() {
            return URI.create(collection + "/$syncDigest");
        }
    }

    /**
     * Each digest's current tag (null where the provider gives none), read at once.
     *
     * @throws NotACollection when a URL answers with something that is not SData, or its endpoint says it serves no
     *     such collection (404, 410)
     */
    private static List<String> tags(HttpClient http, List<Watched> watched) throws IOException, InterruptedException {
        List<CompletableFuture<HttpResponse<byte[]>>> sent = new ArrayList<>();
        for (Watched w : watched) {
            sent.add(http.sendAsync(HttpRequest.newBuilder(w.digest()).timeout(Duration.ofSeconds(60)).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray()));
        }
        List<String> tags = new ArrayList<>();
        for (int i = 0; i < sent.size(); i++) {
            Watched w = watched.get(i);
            HttpResponse<byte[]> r = await(sent.get(i), w.digest(), Duration.ofSeconds(60));
            CollectionCheck.check(w.collection(), w.role(), r.statusCode(), r.body());
            if (r.statusCode() != 200) {
                // one-shot sync's words; a collection the endpoint does not serve (404, 410) will not appear by asking again
                String said = "reading the " + w.role() + "'s digest: " + w.digest() + " answered " + r.statusCode()
                        + ": " + HttpSyncPass.whatItSaid(r.body());
                throw r.statusCode() == 404 || r.statusCode() == 410 ? new NotACollection(said) : new IOException(said);
            }
            tags.add(r.headers().firstValue("ETag").orElse(null));
        }
        return tags;
    }

    /** Waits until one digest's tag is no longer the one given, or every wait ends. */
    private static void awaitChange(HttpClient http, List<Watched> watched, List<String> tags)
            throws IOException, InterruptedException {
        List<URI> digests = watched.stream().map(Watched::digest).toList();
        List<CompletableFuture<HttpResponse<Void>>> waits = new ArrayList<>();
        for (int i = 0; i < digests.size(); i++) {
            waits.add(http.sendAsync(HttpRequest.newBuilder(digests.get(i)).timeout(WAIT.plusSeconds(30))
                    .header("If-None-Match", tags.get(i)).header("Prefer", "wait=" + WAIT.toSeconds()).GET().build(),
                    HttpResponse.BodyHandlers.discarding()));
        }
        try {
            CompletableFuture<Object> first = CompletableFuture.anyOf(waits.stream()
                    .map(w -> w.thenCompose(r -> r.statusCode() == 304 ? new CompletableFuture<>()
                            : CompletableFuture.completedFuture(r))).toArray(CompletableFuture[]::new));
            CompletableFuture<Void> all = CompletableFuture.allOf(waits.toArray(CompletableFuture[]::new));
            CompletableFuture.anyOf(first, all).get();
            for (int i = 0; i < waits.size(); i++) {
                CompletableFuture<HttpResponse<Void>> w = waits.get(i);
                if (w.isDone()) {
                    HttpResponse<Void> r = await(w, digests.get(i), WAIT.plusSeconds(30));
                    if (r.statusCode() != 200 && r.statusCode() != 304) {
                        throw new IOException(digests.get(i) + " answered " + r.statusCode() + " to a wait for change");
                    }
                }
            }
        } catch (ExecutionException e) {
            // a node that stops while a wait is open closes the connection: say so, naming the node that failed
            URI where = digests.get(0);
            for (int i = 0; i < waits.size(); i++) {
                if (waits.get(i).isCompletedExceptionally()) {
                    where = digests.get(i);
                }
            }
            Throwable c = e.getCause();
            throw c instanceof IOException io ? Unreachable.inWords("", where, io, WAIT.plusSeconds(30))
                    : new IOException(where + ": " + c.getMessage(), c);
        } finally {
            waits.forEach(w -> w.cancel(true));
        }
    }

    private static <T> HttpResponse<T> await(CompletableFuture<HttpResponse<T>> f, URI u, Duration timeout)
            throws IOException, InterruptedException {
        try {
            return f.get();
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            throw c instanceof IOException io ? Unreachable.inWords("", u, io, timeout)
                    : new IOException(u + ": " + c.getMessage(), c);
        }
    }
}
