package dev.tributary.node.records;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The engine as a library call: one {@link HttpSyncPass} from source to target and, for a two-way sync, one back.
 * It keeps nothing: killed at any moment and run again, each target's digest (raised per applied page) makes the
 * new passes send only what is left, and a page is applied wholly or not at all.
 */
public final class RecordsSync {
    private RecordsSync() {
    }

    /**
     * What to sync.
     *
     * @param source the source collection's URL ({@code http://HOST:PORT/records/KIND})
     * @param target the target collection's URL
     * @param events the event manager's URL, or null
     * @param twoWay whether to run the pass back from target to source too
     * @param runName the run's name (SData's {@code runName})
     * @param sourceToken the source's bearer token for writes, or null
     * @param targetToken the target's bearer token, or null
     * @param eventsToken the event manager's bearer token, or null
     * @param allowDifferentCollections whether the source and target may be collections of different names (one
     *                                  collection kept under two names); when not, such a pair is refused with
     *                                  {@link DifferentCollections} before anything is sent
     */
    public record Options(URI source, URI target, URI events, boolean twoWay, String runName, String sourceToken,
                          String targetToken, String eventsToken, boolean allowDifferentCollections) {
        public Options {
            check(source, "source");
            check(target, "target");
            if (events != null) {
                check(events, "event manager");
            }
            Objects.requireNonNull(runName, "runName");
        }

        /** Options between collections of any names (the command line refuses different names unless told). */
        public Options(URI source, URI target, URI events, boolean twoWay, String runName, String sourceToken,
                String targetToken, String eventsToken) {
            this(source, target, events, twoWay, runName, sourceToken, targetToken, eventsToken, true);
        }

        /** Options with an event manager that needs no token. */
        public Options(URI source, URI target, URI events, boolean twoWay, String runName, String sourceToken,
                String targetToken) {
            this(source, target, events, twoWay, runName, sourceToken, targetToken, null);
        }

        static void check(URI u, String what) {
            if (u == null || u.getHost() == null || !("http".equalsIgnoreCase(u.getScheme())
                    || "https".equalsIgnoreCase(u.getScheme()))) {
                throw new IllegalArgumentException("the " + what + " must be an http:// or https:// URL, not " + u);
            }
        }
    }

    /** One pass and what it did. */
    public record Pass(URI from, URI to, HttpSyncPass.Summary summary) {
    }

    /** What a sync did: its passes in order. */
    public record Result(List<Pass> passes, Duration took) {
        /** Pages over all passes. */
        public int pages() {
            return passes.stream().mapToInt(p -> p.summary().pages()).sum();
        }

        /** Entries sent over all passes. */
        public int entries() {
            return passes.stream().mapToInt(p -> p.summary().entries()).sum();
        }

        /** Entries applied over all passes. */
        public int applied() {
            return passes.stream().mapToInt(p -> p.summary().applied()).sum();
        }

        /** Conflicts over all passes. */
        public int conflicts() {
            return passes.stream().mapToInt(p -> p.summary().conflicts()).sum();
        }

        /** Entries whose conflict the target's copy won, over all passes: the target kept its copy. */
        public int kept() {
            return passes.stream().mapToInt(p -> p.summary().kept()).sum();
        }

        /** Entries the target held already (that change or a newer one), over all passes. */
        public int skipped() {
            return passes.stream().mapToInt(p -> p.summary().skipped()).sum();
        }

        /** HTTP round trips over all passes. */
        public int roundTrips() {
            return passes.stream().mapToInt(p -> p.summary().roundTrips()).sum();
        }

        /**
         * The summary line, for scripts: {@code records sync: passes=2 pages=... seconds=...}. Every entry sent is
         * applied, kept or skipped ({@code entries = applied + kept + skipped}); {@code conflicts} counts those of
         * them whose copies conflicted, applied (the source won) or kept (the target won).
         */
        public String line() {
            return line("records sync:");
        }

        /** The summary line with {@code lead} for its first words ({@code records sync: interrupted}). */
        public String line(String lead) {
            return String.format(Locale.ROOT, "%s passes=%d pages=%d entries=%d applied=%d conflicts=%d kept=%d"
                    + " skipped=%d round_trips=%d seconds=%.2f", lead, passes.size(), pages(), entries(), applied(),
                    conflicts(), kept(), skipped(), roundTrips(), took.toNanos() / 1e9);
        }
    }

    /** Hears how the passes go. */
    public interface Listener {
        /** A pass starts from {@code from} to {@code to}; its listener hears its pages. */
        HttpSyncPass.Listener pass(URI from, URI to);
    }

    /**
     * Runs the sync: source to target, then (two-way) target to source, both passes named {@code runName} with one
     * {@code runStamp} (the sync's start, to the second), so an event manager keeps them as one run, not as one run
     * or two as the passes fall within a second or across one.
     *
     * @throws IOException when an endpoint cannot be reached or refuses (the message says which and why)
     */
    public static Result run(HttpClient http, Options o, Listener listener) throws IOException, InterruptedException {
        return run(http, o, listener, Clock.systemUTC());
    }

    /**
     * Runs the sync as {@link #run(HttpClient, Options, Listener)} does, taking the run's {@code runStamp} from
     * {@code clock}, which it reads once, at the sync's start.
     *
     * @throws IOException when an endpoint cannot be reached or refuses (the message says which and why)
     */
    static Result run(HttpClient http, Options o, Listener listener, Clock clock)
            throws IOException, InterruptedException {
        long start = System.nanoTime();
        String stamp = runStamp(clock.instant());
        List<Pass> passes = new ArrayList<>();
        passes.add(pass(http, o.source(), o.target(), o.sourceToken(), o.targetToken(), o, stamp, listener));
        if (o.twoWay()) {
            passes.add(pass(http, o.target(), o.source(), o.targetToken(), o.sourceToken(), o, stamp, listener));
        }
        return new Result(List.copyOf(passes), Duration.ofNanos(System.nanoTime() - start));
    }

    /** The {@code runStamp} of a run started at {@code start}: its UTC date and time, to the second. */
    static String runStamp(Instant start) {
        return LocalDateTime.ofInstant(start.truncatedTo(ChronoUnit.SECONDS), ZoneOffset.UTC).toString();
    }

    private static Pass pass(HttpClient http, URI from, URI to, String fromToken, String toToken, Options o,
                             String stamp, Listener listener) throws IOException, InterruptedException {
        HttpSyncPass pass = new HttpSyncPass(http, trim(from), trim(to), fromToken, toToken, o.events(), o.eventsToken());
        if (!o.allowDifferentCollections()) {
            pass = pass.oneCollectionOnly();
        }
        return new Pass(from, to, pass.run(o.runName(), stamp, listener.pass(from, to)));
    }

    /** {@code u} without a trailing slash, the form messages name a collection in. */
    static URI trim(URI u) {
        String s = u.toString();
        return s.endsWith("/") ? URI.create(s.substring(0, s.length() - 1)) : u;
    }
}
