package dev.tributary.node.records;

import dev.tributary.records.Digest;
import dev.tributary.records.DigestEntry;
import dev.tributary.records.RecordCollection;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Long polls of a collection's digest, so a live engine learns of a change at once instead of asking again and
 * again: {@code GET $syncDigest} with {@code If-None-Match: "ETAG"} and {@code Prefer: wait=SECONDS} (RFC 7240)
 * waits until the digest's {@link #etag} differs from the one given, or the wait ends.
 *
 * <p>While anyone waits, a timer thread takes in other applications' changes every {@value #POLL_MILLIS} ms (the
 * same absorb a pass does: for a table with triggers, one read of its change log) and completes the waits whose
 * digest changed. Waits are bounded: at most {@value #MAX_WAITERS} at once per collection; more are refused.
 */
final class DigestWatch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DigestWatch.class);
    /** How often waits are checked, and other applications' changes taken in, while anyone waits. */
    static final long POLL_MILLIS = 20;
    /** Most waits at once on one collection. */
    static final int MAX_WAITERS = 64;
    /** Longest wait a client may ask for. */
    static final Duration MAX_WAIT = Duration.ofSeconds(60);

    private final RecordCollection collection;
    private final ScheduledExecutorService timer;
    private final List<Waiter> waiters = new ArrayList<>();

    private record Waiter(String etag, long deadlineNanos, CompletableFuture<Boolean> done) {
    }

    DigestWatch(String kind, RecordCollection collection) {
        this.collection = collection;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tributary-records-" + kind + " digest watch");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::check, POLL_MILLIS, POLL_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** The entity tag of {@code digest}: its entries (endpoint, tick, priority) hashed; equal digests, equal tags. */
    static String etag(Digest digest) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (DigestEntry e : digest.entries()) {
                sha.update((e.endpoint() + "\n" + e.tick() + "\n" + e.conflictPriority() + "\n")
                        .getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(sha.digest(), 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Completes with true once the digest's tag is no longer {@code etag} (at once if it already differs), with false
     * when {@code wait} ends first, with null when the watch closes first (the node is stopping: that is no answer
     * about the digest); null instead of a future when {@value #MAX_WAITERS} waits are already open.
     */
    CompletableFuture<Boolean> changedFrom(String etag, Duration wait) {
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        synchronized (waiters) {
            if (waiters.size() >= MAX_WAITERS) {
                return null;
            }
            waiters.add(new Waiter(etag, System.nanoTime() + Math.min(wait.toNanos(), MAX_WAIT.toNanos()), done));
        }
        return done;
    }

    private void check() {
        try {
            synchronized (waiters) {
                if (waiters.isEmpty()) {
                    return;
                }
            }
            collection.absorbOutsideChanges();
            String now = etag(collection.digest());
            long nanos = System.nanoTime();
            List<Waiter> ready = new ArrayList<>();
            synchronized (waiters) {
                for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
                    Waiter w = it.next();
                    if (!w.etag().equals(now) || nanos - w.deadlineNanos() >= 0 || w.done().isDone()) {
                        it.remove();
                        ready.add(w);
                    }
                }
            }
            for (Waiter w : ready) {
                w.done().complete(!w.etag().equals(now));
            }
        } catch (RuntimeException e) {
            // a store that fails now (a database restarting) may answer at the next check; the waits time out
            LOG.warn("watching the digest: {}", e.getMessage());
        }
    }

    /**
     * Ends every open wait with null (no answer about the digest: the server is stopping), so that no long poll holds
     * the server's stop up for the rest of its wait. Waits asked for later are kept as usual.
     */
    void endWaits() {
        List<Waiter> ended;
        synchronized (waiters) {
            ended = new ArrayList<>(waiters);
            waiters.clear();
        }
        ended.forEach(w -> w.done().complete(null));
    }

    @Override
    public void close() {
        timer.shutdownNow();
        endWaits();
    }
}
