package dev.tributary.node.cli;

import dev.tributary.node.records.DifferentCollections;
import dev.tributary.node.records.HttpSyncPass;
import dev.tributary.node.records.LiveSync;
import dev.tributary.node.records.RecordsSync;
import dev.tributary.node.records.RecordsVerify;
import dev.tributary.node.records.TokenRefused;
import dev.tributary.records.verify.Difference;
import dev.tributary.records.verify.VerifyRequest;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tributary records}: record sync between endpoints reached by URL (SData 2.0 digests). {@code sync} runs the
 * stateless engine: a pass from source to target (and back with {@code --two-way}), a progress bar per pass on
 * standard error, one line per pass and a summary line on standard output. {@code verify} runs the verify pass:
 * compares the two collections' rows by range fingerprints over their sorted keys, prints what differs and, with
 * {@code --repair}, has the source's copies carried to the target.
 */
@Command(name = "records", mixinStandardHelpOptions = true,
        description = "Record sync between database tables over HTTP (SData 2.0 digests).",
        subcommands = {RecordsCommand.Sync.class, RecordsCommand.Verify.class})
final class RecordsCommand {

    /** The two collections a command works between, and their tokens: the options {@code sync} and {@code verify} share. */
    static final class Endpoints {
        @Option(names = "--source", required = true, paramLabel = "URL",
                description = "the source collection, e.g. http://127.0.0.1:8080/records/accounts")
        String source;

        @Option(names = "--target", required = true, paramLabel = "URL", description = "the target collection")
        String target;

        @Option(names = "--token", paramLabel = "TOKEN", defaultValue = "${env:TRIBUTARY_RECORDS_TOKEN}",
                description = "the bearer token of both endpoints (default: $TRIBUTARY_RECORDS_TOKEN); any token option"
                        + " takes @DIR for the token of the node whose data directory is DIR (its .cookie), or @FILE")
        String token;

        @Option(names = "--source-token", paramLabel = "TOKEN", description = "the source's token, when it differs")
        String sourceToken;

        @Option(names = "--target-token", paramLabel = "TOKEN", description = "the target's token, when it differs")
        String targetToken;

        @Option(names = "--allow-different-collections",
                description = "sync (or repair) between collections of different names (.../records/customers and"
                        + " .../records/clients), for one collection kept under two names; without it such a pair is"
                        + " refused, since a sync writes the source's rows over the target's rows of the same keys")
        boolean allowDifferentCollections;

        /** @throws IllegalArgumentException when {@code --source} is not a URL */
        URI source() {
            return Sync.uri(source, "--source");
        }

        /** @throws IllegalArgumentException when {@code --target} is not a URL, or names the source's collection */
        URI target() {
            URI t = Sync.uri(target, "--target");
            if (sameCollection(source(), t)) {
                throw new IllegalArgumentException("--source and --target name the same collection, " + target
                        + ": a pass needs two collections");
            }
            return t;
        }

        /**
         * The usage error of a source and a target of different collection names, found once both answered (so that
         * a URL that is no collection at all is said to be none): with the option that allows them.
         */
        CommandLine.ParameterException refused(CommandLine commandLine, DifferentCollections e) {
            return new CommandLine.ParameterException(commandLine, e.getMessage() + ". If they are one collection kept"
                    + " under two names, give --allow-different-collections");
        }

        /** Whether two collection URLs are the same, but for the case of the scheme and host and a trailing slash. */
        static boolean sameCollection(URI a, URI b) {
            if (a.getScheme() == null || a.getHost() == null || b.getScheme() == null || b.getHost() == null) {
                return false; // not an http URL: refused as such further on
            }
            return a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost().equalsIgnoreCase(b.getHost())
                    && port(a) == port(b) && stripSlash(a.getRawPath()).equals(stripSlash(b.getRawPath()));
        }

        private static int port(URI u) {
            return u.getPort() >= 0 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
        }

        private static String stripSlash(String path) {
            String p = path == null ? "" : path;
            return p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
        }

        /** @throws IllegalArgumentException when the token is {@code @PATH} and PATH holds none */
        String sourceToken() {
            return sourceToken != null ? TokenArgument.resolve(sourceToken, "--source-token") : token();
        }

        /** @throws IllegalArgumentException when the token is {@code @PATH} and PATH holds none */
        String targetToken() {
            return targetToken != null ? TokenArgument.resolve(targetToken, "--target-token") : token();
        }

        /**
         * {@code --token}'s, read from a node's cookie for {@code @DIR}; none when it is the default and
         * {@code TRIBUTARY_RECORDS_TOKEN} is set but empty (an empty token given is refused).
         */
        String token() {
            if ("".equals(token) && "".equals(System.getenv("TRIBUTARY_RECORDS_TOKEN"))) {
                return null;
            }
            return TokenArgument.resolve(token, "--token");
        }

        /**
         * {@code e} with the option that gives the refusing endpoint's token: the endpoint's answer speaks of HTTP
         * headers, the user of this command gives tokens by option.
         */
        IOException withTokenOption(TokenRefused e) {
            String url = e.uri() == null ? "" : e.uri().toString();
            String option = url.startsWith(stripSlash(source)) ? "--source-token"
                    : url.startsWith(stripSlash(target)) ? "--target-token" : null;
            if (option == null) {
                return e;
            }
            String side = option.equals("--source-token") ? "source" : "target";
            // a node's refusal goes on telling a curl user which header to send: this command's user gives an option
            String said = e.getMessage();
            int header = said.indexOf(": send the header Authorization");
            if (header >= 0) {
                said = said.substring(0, header);
            }
            return new IOException(said + " (give the " + side + " node's token with " + option
                    + " TOKEN, or " + option + " @DIR to read it from the node's data directory DIR)", e);
        }

        /** The HTTP client of a command's requests. */
        static HttpClient client() {
            return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        }
    }

    @Command(name = "sync", mixinStandardHelpOptions = true,
            description = "Runs a pass from the source collection to the target (and back with --two-way); killed and"
                    + " run again, it sends only what is left.")
    static final class Sync implements Callable<Integer> {
        /**
         * What an interrupted pass prints: the engine keeps nothing between passes and every applied page raised the
         * target's digest, so the same command sends only what is left (docs/records.md).
         */
        static final String INTERRUPTED = "records sync: interrupted; what was applied stays applied: run the same"
                + " command again to resume where it stopped";

        @Mixin
        Endpoints endpoints;

        @Option(names = "--events", paramLabel = "URL",
                description = "an event manager to send the target's diagnostics to, e.g. http://127.0.0.1:8080/events/diagnostics")
        String events;

        @Option(names = "--two-way", description = "also run the pass back from target to source")
        boolean twoWay;

        @Option(names = "--run-name", paramLabel = "NAME", defaultValue = "tributary records sync",
                description = "the run's name (default: ${DEFAULT-VALUE})")
        String runName;

        @Option(names = "--events-token", paramLabel = "TOKEN",
                description = "the event manager's token, when it differs (a node's event manager takes the node's)")
        String eventsToken;

        @Option(names = "--live",
                description = "keep running: sync again as soon as the source (or, with --two-way, either side) changes,"
                        + " told by the endpoints' long polls; a line per sync that moved something; Ctrl-C stops")
        boolean live;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            RecordsSync.Options options;
            try {
                options = options();
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            HttpClient http = Endpoints.client();
            if (live) {
                return live(http, options);
            }
            RecordsSync.Result result;
            try {
                result = pass(http, options);
            } catch (TokenRefused e) {
                throw endpoints.withTokenOption(e);
            } catch (DifferentCollections e) {
                throw endpoints.refused(spec.commandLine(), e);
            }
            PrintWriter out = spec.commandLine().getOut();
            for (RecordsSync.Pass p : result.passes()) {
                out.printf("pass %s -> %s: %s%n", p.from(), p.to(), PassWords.of(p.summary()));
            }
            out.println(result.line());
            out.flush();
            return 0;
        }

        /**
         * The engine's options, the tokens given as {@code @PATH} read from their files now.
         *
         * @throws IllegalArgumentException when a URL or a token is not usable, or the run name is blank
         */
        private RecordsSync.Options options() {
            if (runName.isBlank()) {
                throw new IllegalArgumentException("--run-name is empty: give the run a name, or leave --run-name out"
                        + " for '" + spec.findOption("--run-name").defaultValue() + "'");
            }
            return new RecordsSync.Options(endpoints.source(), endpoints.target(),
                    events == null ? null : uri(events, "--events"), twoWay, runName, endpoints.sourceToken(),
                    endpoints.targetToken(),
                    eventsToken != null ? TokenArgument.resolve(eventsToken, "--events-token") : endpoints.token(),
                    endpoints.allowDifferentCollections);
        }

        /**
         * Runs the passes, a progress bar each on standard error; stopped (Ctrl-C, SIGTERM), says on standard output
         * what the passes had done ({@link SyncSoFar}) before the notice on standard error.
         */
        private RecordsSync.Result pass(HttpClient http, RecordsSync.Options options) throws Exception {
            RecordsSync.Result result;
            SyncSoFar soFar = new SyncSoFar(System.nanoTime());
            PrintWriter out = spec.commandLine().getOut();
            try (PassBars bars = new PassBars(task -> Progress.bar(task, Progress.UNKNOWN, " entries"))) {
                result = soFar.resumable(() -> InterruptNotice.during(INTERRUPTED, () -> soFar.report(out),
                        () -> RecordsSync.run(http, options, (from, to) -> {
                    bars.close(); // the pass before ended
                    String task = name(from) + " -> " + name(to);
                    soFar.started(from, to);
                    return new HttpSyncPass.Listener() {
                        /** Made once both endpoints answered as collections to sync: a refusal shows no bar. */
                        private Progress.Bar bar;

                        private Progress.Bar bar() {
                            if (bar == null) {
                                bar = bars.next(task);
                            }
                            return bar;
                        }

                        @Override
                        public void started(long entries) {
                            bar().maxHint(entries);
                        }

                        @Override
                        public void page(HttpSyncPass.Summary summary) {
                            bar().stepTo(summary.entries());
                            soFar.page(summary);
                        }

                        @Override
                        public void finished(HttpSyncPass.Summary summary) {
                            // the total was the ticks between the digests, at most: the bar ends at what was sent
                            bar().maxHint(summary.entries());
                            bar().stepTo(summary.entries());
                            soFar.finished(summary);
                        }
                    };
                })));
            }
            return result;
        }

        /**
         * Runs until stopped, printing the summary line of every sync that applied something or met a conflict; an
         * endpoint that cannot be reached is tried again, one that is not a record collection ends the run at once.
         * Each failure is said once on standard error, in a line of the command's own ({@link LiveNotices}), not in
         * a log line at every retry.
         */
        private int live(HttpClient http, RecordsSync.Options options) throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            err.printf("records sync: live, %s %s %s; Ctrl-C stops%n", name(options.source()),
                    options.twoWay() ? "<->" : "->", name(options.target()));
            err.flush();
            LiveNotices notices = new LiveNotices(err, LineTime::now);
            LiveTally tally = new LiveTally(System.nanoTime());
            RecordsSync.Options current = options;
            while (true) {
                try {
                    RecordsSync.Options now = current;
                    InterruptNotice.during(tally::line, () -> {
                        LiveSync.run(http, now, (from, to) -> new HttpSyncPass.Listener() {
                        }, result -> {
                            notices.synced();
                            tally.add(result);
                            if (result.applied() > 0 || result.conflicts() > 0) {
                                out.println(LineTime.now() + " " + result.line());
                                out.flush();
                            }
                        }, notices::retrying);
                        return null;
                    });
                    return 0;
                } catch (DifferentCollections e) {
                    throw endpoints.refused(spec.commandLine(), e);
                } catch (TokenRefused e) {
                    // a node writes a new .cookie each time it starts: a token given as @DIR is read again
                    RecordsSync.Options again = readTokensAgain(current);
                    if (again.equals(current)) {
                        throw endpoints.withTokenOption(e);
                    }
                    notices.tokensReadAgain();
                    current = again;
                }
            }
        }

        /** {@code options} with the tokens given as {@code @PATH} read again; {@code options} when one cannot be. */
        private RecordsSync.Options readTokensAgain(RecordsSync.Options options) {
            try {
                return options();
            } catch (IllegalArgumentException e) {
                return options; // the node has not written its new token yet: the refusal stands
            }
        }

        /** What a live sync's syncs applied, for the line it prints when stopped. Any thread. */
        static final class LiveTally {
            private final long startNanos;
            private long applied;
            private long conflicts;

            LiveTally(long startNanos) {
                this.startNanos = startNanos;
            }

            synchronized void add(RecordsSync.Result result) {
                applied += result.applied();
                conflicts += result.conflicts();
            }

            /** {@code records sync: stopped after 42 s; its syncs applied 5 entries (1 conflict)}. */
            synchronized String line() {
                return "records sync: stopped after " + (System.nanoTime() - startNanos) / 1_000_000_000L
                        + " s; its syncs applied " + applied + (applied == 1 ? " entry" : " entries") + " ("
                        + Plural.of(conflicts, "conflict") + ")";
            }
        }

        /** What the passes of a sync had done, for the lines an interrupted sync prints. Any thread. */
        static final class SyncSoFar {
            private final long startNanos;
            private final List<RecordsSync.Pass> ended = new java.util.ArrayList<>();
            private RecordsSync.Pass current;

            SyncSoFar(long startNanos) {
                this.startNanos = startNanos;
            }

            synchronized void started(URI from, URI to) {
                current = new RecordsSync.Pass(from, to, new HttpSyncPass.Summary(0, 0, 0, 0, 0, 0, 0, true));
            }

            synchronized void page(HttpSyncPass.Summary summary) {
                if (current != null) {
                    current = new RecordsSync.Pass(current.from(), current.to(), summary);
                }
            }

            synchronized void finished(HttpSyncPass.Summary summary) {
                if (current != null) {
                    ended.add(new RecordsSync.Pass(current.from(), current.to(), summary));
                    current = null;
                }
            }

            /**
             * Runs {@code passes}; a failure (an endpoint that stopped answering) after the target applied a page says
             * too that what was applied stays and that running the command again resumes, as Ctrl-C says it.
             */
            <T> T resumable(Callable<T> passes) throws Exception {
                try {
                    return passes.call();
                } catch (TokenRefused | DifferentCollections e) {
                    throw e;
                } catch (IOException e) {
                    if (!appliedAny()) {
                        throw e;
                    }
                    throw new IOException(e.getMessage() + "; what the target applied before stays applied: run the"
                            + " same command again to resume where it stopped", e);
                }
            }

            /** Whether the target answered for a page of any pass. */
            private synchronized boolean appliedAny() {
                return current != null && current.summary().pages() > 0
                        || ended.stream().anyMatch(p -> p.summary().pages() > 0);
            }

            /**
             * Prints a line per pass (an ended pass as a sync prints it, the one that was running with what the
             * target confirmed of it and that running the command again completes it), then the summary line led by
             * {@code records sync: interrupted}.
             */
            synchronized void report(PrintWriter out) {
                List<RecordsSync.Pass> all = new java.util.ArrayList<>(ended);
                for (RecordsSync.Pass p : ended) {
                    out.printf("pass %s -> %s: %s%n", p.from(), p.to(), PassWords.of(p.summary()));
                }
                if (current != null) {
                    out.printf("pass %s -> %s: %s%n", current.from(), current.to(), PassWords.soFar(current.summary()));
                    all.add(current);
                }
                out.println(new RecordsSync.Result(all, Duration.ofNanos(System.nanoTime() - startNanos))
                        .line("records sync: interrupted"));
                out.flush();
            }
        }

        static URI uri(String text, String option) {
            URI u;
            try {
                u = new URI(text);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException(option + " is not a URL: " + text);
            }
            // A query, a fragment or an operation ($syncDigest) after the collection's path was sent on as part of
            // it, and the collection answered 404 "not an SData record collection"
            String path = u.getRawPath() == null ? "" : u.getRawPath();
            int operation = path.indexOf("/$");
            if (u.getRawQuery() != null || u.getRawFragment() != null || operation >= 0) {
                String collection = u.getScheme() + "://" + u.getRawAuthority()
                        + (operation >= 0 ? path.substring(0, operation) : path);
                throw new IllegalArgumentException(option + " " + text + ": a collection's URL ends at its name, with no"
                        + (operation >= 0 ? " operation (" + path.substring(operation + 1) + ")" : " query or fragment")
                        + " after it: give " + collection);
            }
            return u;
        }

        private static String name(URI u) {
            return u.getAuthority() + u.getPath();
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Finds the rows the source and target collections hold differently although their digests"
                    + " agree (rows changed behind the sync's back), by comparing range hashes over their sorted keys;"
                    + " with --repair, the source reissues them and a pass carries them to the target.")
    static final class Verify implements Callable<Integer> {
        /** At most this many differing keys are printed, one a line. */
        static final int MAX_LISTED = 100;

        @Mixin
        Endpoints endpoints;

        @Option(names = "--repair", description = "repair the differences: the source's copies win, by the conflict rule")
        boolean repair;

        @Option(names = "--parts", paramLabel = "N", defaultValue = "16",
                description = "parts a differing range is split into per round, 2..256 (default: ${DEFAULT-VALUE})")
        int parts;

        @Option(names = "--list-at", paramLabel = "N", defaultValue = "256",
                description = "rows at or under which a range is listed row by row, 1..4096 (default: ${DEFAULT-VALUE})")
        int listAt;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            OptionChecks.range(spec, "--parts", parts, VerifyRequest.MIN_PARTS, VerifyRequest.MAX_PARTS);
            OptionChecks.range(spec, "--list-at", listAt, VerifyRequest.MIN_LIST_AT, VerifyRequest.MAX_LIST_AT);
            RecordsVerify.Options options;
            try {
                options = new RecordsVerify.Options(endpoints.source(), endpoints.target(), repair,
                        endpoints.sourceToken(), endpoints.targetToken(), parts, listAt,
                        endpoints.allowDifferentCollections);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            HttpClient http = Endpoints.client();
            RecordsVerify.Result result;
            try {
                result = RecordsVerify.run(http, options);
            } catch (TokenRefused e) {
                throw endpoints.withTokenOption(e);
            } catch (DifferentCollections e) {
                throw endpoints.refused(spec.commandLine(), e);
            }
            PrintWriter out = spec.commandLine().getOut();
            List<Difference> diffs = result.report().differences();
            for (Difference d : diffs.subList(0, Math.min(MAX_LISTED, diffs.size()))) {
                out.printf("%s %s%n", d.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'), d.key());
            }
            if (diffs.size() > MAX_LISTED) {
                out.printf("... and %d more%n", diffs.size() - MAX_LISTED);
            }
            out.println(result.line());
            out.flush();
            return 0;
        }
    }
}
