package dev.tributary.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tributary records sync}'s and {@code verify}'s refusals: one {@code error:} line in words, exit code 2 for usage, 1 for failures. */
class RecordsCommandTest {

    @Test
    void aUrlThatIsNotHttpIsAUsageError() {
        Cli.Result r = Cli.run("records", "sync", "--source", "ftp://x/a/records/rows", "--target", "http://127.0.0.1:1/a/records/rows");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).anySatisfy(l -> assertThat(l).startsWith("error: the source must be an http:// or https:// URL"));
        Cli.Result events = Cli.run("records", "sync", "--source", "http://127.0.0.1:1/a/records/rows", "--target",
                "http://127.0.0.1:1/b/records/rows", "--events", "8172");
        assertThat(events.exitCode()).as("%s", events).isEqualTo(2);
        assertThat(events.err()).as("%s", events).singleElement().asString()
                .startsWith("error: the event manager must be an http:// or https:// URL, not 8172");
    }

    /** The help's example event manager URL is one a node serves (its feed, /events, takes no diagnostics). */
    @Test
    void theHelpsEventManagerExampleIsANodesEventManager() {
        Cli.Result r = Cli.run("records", "sync", "--help");
        assertThat(String.join(" ", r.out()).replaceAll("\\s+", " ")).contains("e.g. http://127.0.0.1:8080/events/diagnostics");
    }

    @Test
    void theSameCollectionAsSourceAndTargetIsAUsageError() {
        for (String command : new String[] {"sync", "verify"}) {
            Cli.Result r = Cli.run("records", command, "--source", "http://127.0.0.1:1/a/records/rows",
                    "--target", "HTTP://127.0.0.1:1/a/records/rows/");
            assertThat(r.exitCode()).as("%s", r).isEqualTo(2);
            assertThat(r.err()).as("%s", r).anySatisfy(l -> assertThat(l)
                    .startsWith("error: --source and --target name the same collection, HTTP://127.0.0.1:1/a/records/rows/"));
        }
        Cli.Result other = Cli.run("records", "sync", "--source", "http://127.0.0.1:1/a/records/rows",
                "--target", "http://127.0.0.1:1/b/records/rows");
        assertThat(other.exitCode()).as("two collections: not a usage error (the endpoint is unreachable)").isEqualTo(1);
    }

    @Test
    void aTokenReadFromAPathThatHoldsNoneIsAUsageError(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("missing");
        Cli.Result r = Cli.run("records", "sync", "--source", "http://127.0.0.1:1/a/records/rows", "--target",
                "http://127.0.0.1:1/b/records/rows", "--token", "@" + missing);
        assertThat(r.exitCode()).as("%s", r).isEqualTo(2);
        assertThat(r.err()).singleElement().asString().startsWith("error: --token @" + missing + ": no file or directory "
                + missing + " (a node's data directory, or its .cookie file)");

        Cli.Result notRunning = Cli.run("records", "verify", "--source", "http://127.0.0.1:1/a/records/rows", "--target",
                "http://127.0.0.1:1/b/records/rows", "--target-token", "@" + dir);
        assertThat(notRunning.exitCode()).as("%s", notRunning).isEqualTo(2);
        assertThat(notRunning.err()).singleElement().asString().startsWith("error: --target-token @" + dir
                + ": no HTTP token file " + dir.resolve(".cookie") + ": is the node of " + dir + " running with --http?");

        Path empty = Files.writeString(dir.resolve("token"), "\n");
        Cli.Result blank = Cli.run("records", "sync", "--source", "http://127.0.0.1:1/a/records/rows", "--target",
                "http://127.0.0.1:1/b/records/rows", "--events", "http://127.0.0.1:1/events", "--events-token", "@" + empty);
        assertThat(blank.err()).as("%s", blank).singleElement().asString()
                .startsWith("error: --events-token @" + empty + ": the file " + empty + " is empty");

        // a file given by mistake (a database, next to the node's directory): not text, so no token
        Path binary = Files.write(dir.resolve("app.db"), new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, (byte) 0xc3});
        Cli.Result notText = Cli.run("records", "sync", "--source", "http://127.0.0.1:1/a/records/rows", "--target",
                "http://127.0.0.1:1/b/records/rows", "--target-token", "@" + binary);
        assertThat(notText.exitCode()).as("%s", notText).isEqualTo(2);
        assertThat(notText.err()).as("%s", notText).singleElement().asString()
                .startsWith("error: --target-token @" + binary + ": the file " + binary + " is not text, so it holds"
                        + " no token (give a node's data directory, or a file with the token on its first line)");

        // "@" and nothing after it (an unset shell variable, @$DIR): it used to read ./.cookie and say "is the node of
        // (nothing) running with --http?"
        Cli.Result bare = Cli.run("records", "sync", "--source", "http://127.0.0.1:1/a/records/rows", "--target",
                "http://127.0.0.1:1/b/records/rows", "--source-token", "@");
        assertThat(bare.exitCode()).as("%s", bare).isEqualTo(2);
        assertThat(bare.err()).as("%s", bare).singleElement().asString()
                .startsWith("error: --source-token @: no path after @ (give --source-token @DIR, DIR the node's data"
                        + " directory, or --source-token @FILE, a file with the token on its first line)");

        // a collection URL with a query or an operation after it: refused at once (it was sent on, and answered 404)
        Cli.Result query = Cli.run("records", "sync", "--source", "http://127.0.0.1:1/a/records/rows?x=1",
                "--target", "http://127.0.0.1:1/b/records/rows");
        assertThat(query.exitCode()).as("%s", query).isEqualTo(2);
        assertThat(query.err()).as("%s", query).singleElement().asString().startsWith("error: --source"
                + " http://127.0.0.1:1/a/records/rows?x=1: a collection's URL ends at its name, with no query or"
                + " fragment after it: give http://127.0.0.1:1/a/records/rows");
        Cli.Result operation = Cli.run("records", "verify", "--source", "http://127.0.0.1:1/a/records/rows",
                "--target", "http://127.0.0.1:1/b/records/rows/$syncDigest");
        assertThat(operation.exitCode()).as("%s", operation).isEqualTo(2);
        assertThat(operation.err()).as("%s", operation).singleElement().asString().startsWith("error: --target"
                + " http://127.0.0.1:1/b/records/rows/$syncDigest: a collection's URL ends at its name, with no"
                + " operation ($syncDigest) after it: give http://127.0.0.1:1/b/records/rows");

        // an empty token ("$(cat DIR/.cookie)" of a stopped node, which deleted its .cookie): it was sent as it was,
        // and a pass with nothing to write succeeded while one with something failed on a 401
        Cli.Result emptyToken = Cli.run("records", "sync", "--source", "http://127.0.0.1:1/a/records/rows", "--target",
                "http://127.0.0.1:1/b/records/rows", "--token", "");
        assertThat(emptyToken.exitCode()).as("%s", emptyToken).isEqualTo(2);
        assertThat(emptyToken.err()).as("%s", emptyToken).singleElement().asString()
                .startsWith("error: --token is empty (a $(cat DIR/.cookie) of a node that is not running?");

        // an empty or blank run name: it was sent as the runs' name, which the event manager keeps runs under
        for (String noRunName : new String[] {"", "  "}) {
            Cli.Result noName = Cli.run("records", "sync", "--source", "http://127.0.0.1:1/a/records/rows", "--target",
                    "http://127.0.0.1:1/b/records/rows", "--run-name", noRunName);
            assertThat(noName.exitCode()).as("%s", noName).isEqualTo(2);
            assertThat(noName.err()).as("%s", noName).singleElement().asString()
                    .startsWith("error: --run-name is empty: give the run a name, or leave --run-name out for"
                            + " 'tributary records sync'");
        }
    }

    @Test
    void anEndpointThatDoesNotAnswerIsNamed() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Cli.Result r = Cli.run("records", "sync", "--source", "http://127.0.0.1:" + port + "/a/records/rows",
                "--target", "http://127.0.0.1:" + port + "/b/records/rows");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).anySatisfy(l -> assertThat(l).isEqualTo("error: cannot reach http://127.0.0.1:" + port
                + " (connection refused)"));
    }

    @Test
    void aHostThatDoesNotResolveIsNamed() {
        Cli.Result r = Cli.run("records", "sync", "--source", "http://nosuchhost.invalid/a/records/rows",
                "--target", "http://127.0.0.1:1/a/records/rows");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).anySatisfy(l -> assertThat(l).isEqualTo("error: cannot reach http://nosuchhost.invalid"
                + " (cannot resolve host nosuchhost.invalid)"));
        Cli.Result v = Cli.run("records", "verify", "--source", "http://nosuchhost.invalid/a/records/rows",
                "--target", "http://127.0.0.1:1/a/records/rows");
        assertThat(v.exitCode()).isEqualTo(1);
        assertThat(v.err()).anySatisfy(l -> assertThat(l).isEqualTo("error: cannot reach the source"
                + " http://nosuchhost.invalid (cannot resolve host nosuchhost.invalid)"));
    }

    @Test
    void verifyPartsOutOfRangeIsAUsageError() {
        Cli.Result r = Cli.run("records", "verify", "--source", "http://127.0.0.1:1/a/records/rows", "--target",
                "http://127.0.0.1:1/b/records/rows", "--parts", "1");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).anySatisfy(l -> assertThat(l).startsWith("error: invalid value for option '--parts': must be from 2 to 256, not 1"));
        Cli.Result list = Cli.run("records", "verify", "--source", "http://127.0.0.1:1/a/records/rows", "--target",
                "http://127.0.0.1:1/b/records/rows", "--list-at", "0");
        assertThat(list.exitCode()).isEqualTo(2);
        assertThat(list.err()).anySatisfy(l -> assertThat(l).startsWith("error: invalid value for option '--list-at': must be from 1 to 4096, not 0"));
    }

    @Test
    void verifyNamesAnEndpointThatDoesNotAnswer() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Cli.Result r = Cli.run("records", "verify", "--source", "http://127.0.0.1:" + port + "/a/records/rows",
                "--target", "http://127.0.0.1:" + port + "/b/records/rows", "--repair");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).anySatisfy(l -> assertThat(l).isEqualTo("error: cannot reach the source http://127.0.0.1:"
                + port + " (connection refused)"));
    }

    /** A URL that is not a record endpoint but a web server's page: named as such, not its HTML. */
    @Test
    void aWebPageInsteadOfAnEndpointIsNamedAsSuch() throws Exception {
        com.sun.net.httpserver.HttpServer web = serving(path -> {
            String page = "<!DOCTYPE HTML>\n<html><head><title>Error response</title></head><body><h1>404</h1></body></html>";
            return new Answer(404, "text/html", null, page);
        });
        try {
            String base = "http://127.0.0.1:" + web.getAddress().getPort();
            Cli.Result r = Cli.run("records", "sync", "--source", base + "/a/records/rows", "--target", base + "/b/records/rows");
            assertThat(r.exitCode()).as("%s", r).isEqualTo(1);
            assertThat(r.err().stream().filter(l -> l.startsWith("error: ")).toList()).as("%s", r).singleElement()
                    .isEqualTo("error: the source " + base + "/a/records/rows is not an SData record collection (GET"
                            + " $syncDigest there answered 404, an HTML page); a collection URL looks like " + base
                            + "/records/KIND");
        } finally {
            web.stop(0);
        }
    }

    /**
     * A URL that is some other route of a server (a node's root, whose 404 lists every route; another service's JSON):
     * one line saying it is not a record collection and what one looks like, not what it answered.
     */
    @Test
    void aUrlThatIsNotARecordCollectionIsNamedAsSuch() throws Exception {
        com.sun.net.httpserver.HttpServer web = serving(path -> {
            boolean runs = path.startsWith("/events/runs");
            String body = (runs ? "{\"runs\":[]}" : "{\"error\":\"no route GET " + path
                    + " (routes: GET /status, GET /metrics, GET /peers, POST /mine, GET /db/databases)\"}");
            return new Answer(runs ? 200 : 404, "application/json", null, body);
        });
        try {
            String base = "http://127.0.0.1:" + web.getAddress().getPort();
            Cli.Result root = Cli.run("records", "sync", "--source", base + "/", "--target", base + "/b/records/rows");
            assertThat(root.exitCode()).as("%s", root).isEqualTo(1);
            assertThat(root.err().stream().filter(l -> l.startsWith("error: ")).toList()).as("%s", root)
                    .singleElement().isEqualTo("error: the source " + base + " is not an SData record collection (GET"
                            + " $syncDigest there answered 404, no digest); a collection URL looks like " + base
                            + "/records/KIND");
            assertThat(String.join("\n", root.err())).doesNotContain("routes");

            Cli.Result other = Cli.run("records", "sync", "--source", base + "/a/records/rows", "--target",
                    base + "/events/runs");
            assertThat(other.exitCode()).as("%s", other).isEqualTo(1);
            assertThat(other.err().stream().filter(l -> l.startsWith("error: ")).toList()).as("%s", other)
                    .singleElement().asString().startsWith("error: the source " + base + "/a/records/rows is not an SData"
                            + " record collection");

            Cli.Result verify = Cli.run("records", "verify", "--source", base + "/events/runs", "--target",
                    base + "/b/records/rows");
            assertThat(verify.exitCode()).as("%s", verify).isEqualTo(1);
            assertThat(verify.err().stream().filter(l -> l.startsWith("error: ")).toList()).as("%s", verify)
                    .singleElement().isEqualTo("error: the source " + base + "/events/runs is not an SData record"
                            + " collection (GET $syncDigest there answered 200, no digest); a collection URL looks"
                            + " like " + base + "/records/KIND");
        } finally {
            web.stop(0);
        }
    }

    /**
     * Live mode pointed at a URL that is not a record collection fails at once with one-shot sync's line, instead of
     * trying again every 2 s for ever; asking again would not make it one.
     */
    @Test
    @org.junit.jupiter.api.Timeout(30)
    void liveModeAtAUrlThatIsNotARecordCollectionFailsAtOnce() throws Exception {
        com.sun.net.httpserver.HttpServer web = serving(path -> {
            String body = "{\"error\":\"no route\"}";
            return new Answer(404, "application/json", null, body);
        });
        try {
            String base = "http://127.0.0.1:" + web.getAddress().getPort();
            Cli.Result r = Cli.run("records", "sync", "--live", "--source", base + "/", "--target", base + "/b/records/rows");
            assertThat(r.exitCode()).as("%s", r).isEqualTo(1);
            assertThat(r.err().stream().filter(l -> l.startsWith("error: ")).toList()).as("%s", r).singleElement()
                    .isEqualTo("error: the source " + base + " is not an SData record collection (GET $syncDigest"
                            + " there answered 404, no digest); a collection URL looks like " + base + "/records/KIND");
            assertThat(String.join("\n", r.err())).as("%s", r).doesNotContain("trying again");
        } finally {
            web.stop(0);
        }
    }

    /**
     * Live mode pointed at a collection a record endpoint does not serve (its 404 with diagnoses) fails at once with
     * one-shot sync's line, as one-shot sync does, instead of trying again for ever; verify says the same line.
     */
    @Test
    @org.junit.jupiter.api.Timeout(30)
    void liveModeAtACollectionTheEndpointDoesNotServeFailsAtOnce() throws Exception {
        com.sun.net.httpserver.HttpServer web = serving(path -> {
            String body = ("{\"$diagnoses\":[{\"$severity\":\"error\",\"$sdataCode\":\"ResourceKindNotFound\","
                    + "\"$message\":\"no record collection 'nosuch' here; the collection is customers\"}]}");
            return new Answer(404, "application/json", null, body);
        });
        try {
            String base = "http://127.0.0.1:" + web.getAddress().getPort();
            Cli.Result oneShot = Cli.run("records", "sync", "--source", base + "/nosuch/records/rows", "--target",
                    base + "/b/records/rows");
            Cli.Result live = Cli.run("records", "sync", "--live", "--source", base + "/nosuch/records/rows", "--target",
                    base + "/b/records/rows");
            assertThat(live.exitCode()).as("%s", live).isEqualTo(1);
            String line = "error: reading the source's digest: " + base + "/nosuch/records/rows/$syncDigest answered 404: no"
                    + " record collection 'nosuch' here; the collection is customers";
            assertThat(oneShot.err().stream().filter(l -> l.startsWith("error: ")).toList()).as("%s", oneShot)
                    .containsExactly(line);
            assertThat(live.err().stream().filter(l -> l.startsWith("error: ")).toList()).as("%s", live)
                    .containsExactly(line);
            // verify says what the endpoint said as sync does; it said only "answered 404"
            Cli.Result verify = Cli.run("records", "verify", "--source", base + "/nosuch/records/rows", "--target",
                    base + "/b/records/rows");
            assertThat(verify.exitCode()).as("%s", verify).isEqualTo(1);
            assertThat(verify.err().stream().filter(l -> l.startsWith("error: ")).toList()).as("%s", verify)
                    .containsExactly(line);
        } finally {
            web.stop(0);
        }
    }

    /**
     * An endpoint that refuses the token: the endpoint's words speak of an HTTP header, the line adds the option
     * that gives that endpoint's token.
     */
    @Test
    void aRefusedTokenNamesTheOptionThatGivesIt() throws Exception {
        com.sun.net.httpserver.HttpServer web = serving(path -> {
            if (path.endsWith("/$syncDigest")) {
                String origin = path.startsWith("/a/records/rows/") ? "urn:a" : "urn:b";
                return new Answer(200, "application/json;vnd.sage=sdata", "\"t-" + origin + "\"",
                        "{\"$digest\":{\"origin\":\"" + origin + "\",\"digestEntry\":[{\"endpoint\":\"" + origin
                                + "\",\"tick\":1,\"stamp\":\"2026-01-01T00:00:00Z\",\"conflictPriority\":5}]}}");
            }
            return new Answer(401, "application/json", null, "{\"error\":\"this request needs the node's token\"}");
        });
        try {
            String base = "http://127.0.0.1:" + web.getAddress().getPort();
            Cli.Result r = Cli.run("records", "sync", "--source", base + "/a/records/rows", "--target", base + "/b/records/rows",
                    "--source-token", "wrong");
            assertThat(r.exitCode()).as("%s", r).isEqualTo(1);
            assertThat(r.err().stream().filter(l -> l.startsWith("error: ")).toList()).as("%s", r)
                    .singleElement().asString().contains("answered 401: this request needs the node's token")
                    .endsWith("(give the source node's token with --source-token TOKEN, or --source-token @DIR to read"
                            + " it from the node's data directory DIR)");
        } finally {
            web.stop(0);
        }
    }

    /**
     * A sync (live too) or a repair from one collection into another of a different name ({@code customers} into
     * {@code orders}) would write one's rows over the other's rows of the same keys: a usage error naming both, said
     * once both answered as collections and before anything is written; {@code --allow-different-collections} lets
     * it run (here, on to the target's refusal of a write). A verify without repair compares any two.
     */
    @Test
    void differentCollectionsAreRefusedNamingBothUnlessAllowed() throws Exception {
        java.util.List<String> asked = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        com.sun.net.httpserver.HttpServer web = serving(path -> {
            asked.add(path);
            if (path.endsWith("/$syncDigest")) {
                // in Atom, which both the sync and the verify read; each side knows only its own change
                String origin = path.startsWith("/records/customers/") ? "urn:a" : "urn:b";
                return new Answer(200, "application/atom+xml; type=entry", null, """
                        <entry xmlns="http://www.w3.org/2005/Atom" xmlns:sdata="http://schemas.sage.com/sdata/2008/1" \
                        xmlns:sync="http://schemas.sage.com/sdata/sync/2008/1"><id>%s</id><title>digest</title>\
                        <updated>2026-01-01T00:00:00Z</updated><sdata:payload><sync:digest><sync:origin>%s\
                        </sync:origin><sync:digestEntry><sync:endpoint>%s</sync:endpoint><sync:tick>1</sync:tick>\
                        <sync:stamp>2026-01-01T00:00:00Z</sync:stamp><sync:conflictPriority>5</sync:conflictPriority>\
                        </sync:digestEntry></sync:digest></sdata:payload></entry>""".formatted(path, origin, origin));
            }
            return new Answer(401, "application/json", null, "{\"error\":\"no token\"}");
        });
        try {
            String base = "http://127.0.0.1:" + web.getAddress().getPort();
            String refusal = "error: the source is the collection 'customers' and the target the collection 'orders':"
                    + " syncing them writes the rows of customers over the rows of orders of the same keys. If they"
                    + " are one collection kept under two names, give --allow-different-collections";
            for (String[] args : new String[][] {{"sync"}, {"sync", "--live"}, {"verify", "--repair"}}) {
                java.util.List<String> all = new java.util.ArrayList<>(List.of("records"));
                all.addAll(List.of(args));
                all.addAll(List.of("--source", base + "/records/customers", "--target", base + "/records/orders/"));
                Cli.Result r = Cli.run(all.toArray(String[]::new));
                assertThat(r.exitCode()).as("%s", r).isEqualTo(2);
                assertThat(r.err().stream().filter(l -> l.startsWith("error: ")).toList()).as("%s", r)
                        .singleElement().asString().startsWith(refusal);
            }
            assertThat(asked).as("only digests were read").allMatch(p -> p.endsWith("/$syncDigest"));

            Cli.Result allowed = Cli.run("records", "sync", "--source", base + "/records/customers", "--target",
                    base + "/records/orders", "--allow-different-collections");
            assertThat(allowed.exitCode()).as("%s", allowed).isEqualTo(1);
            assertThat(allowed.err()).as("%s", allowed).noneMatch(l -> l.contains("--allow-different-collections"))
                    .anyMatch(l -> l.startsWith("error: starting the source's pass: ") && l.contains("answered 401"));
        } finally {
            web.stop(0);
        }
    }

    /**
     * A pass that fails after the target applied pages (the target node stopped) says, beside why, that what was
     * applied stays and that running the command again resumes; failing before any page, it says why alone.
     */
    @Test
    void aPassFailingAfterPagesSaysRunningAgainResumes() {
        java.net.URI from = java.net.URI.create("http://127.0.0.1:1/records/customers");
        java.net.URI to = java.net.URI.create("http://127.0.0.1:2/records/customers");
        RecordsCommand.Sync.SyncSoFar soFar = new RecordsCommand.Sync.SyncSoFar(System.nanoTime());
        soFar.started(from, to);
        java.util.concurrent.Callable<Object> stopped = () -> {
            throw new java.io.IOException("http://127.0.0.1:2 closed the connection without an HTTP answer");
        };
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> soFar.resumable(stopped))
                .hasMessage("http://127.0.0.1:2 closed the connection without an HTTP answer");
        soFar.page(new dev.tributary.node.records.HttpSyncPass.Summary(1, 500, 500, 0, 0, 0, 3, true));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> soFar.resumable(stopped))
                .hasMessage("http://127.0.0.1:2 closed the connection without an HTTP answer; what the target applied"
                        + " before stays applied: run the same command again to resume where it stopped");
    }

    /**
     * A mistyped collection name ({@code .../records/custmers}, which the node answers 404) is said as a collection
     * that is not there, as the node words it, not as a sync between two different collections.
     */
    @Test
    void aMistypedCollectionIsSaidAsMissingNotAsAnotherCollection() throws Exception {
        com.sun.net.httpserver.HttpServer web = serving(path -> path.startsWith("/records/customers/")
                ? new Answer(200, "application/atom+xml; type=entry", null, """
                        <entry xmlns="http://www.w3.org/2005/Atom" xmlns:sdata="http://schemas.sage.com/sdata/2008/1" \
                        xmlns:sync="http://schemas.sage.com/sdata/sync/2008/1"><id>d</id><title>digest</title>\
                        <updated>2026-01-01T00:00:00Z</updated><sdata:payload><sync:digest><sync:origin>urn:a\
                        </sync:origin></sync:digest></sdata:payload></entry>""")
                : new Answer(404, "application/json", null, "{\"$diagnoses\": [{\"$severity\": \"error\","
                        + " \"$sdataCode\": \"ResourceKindNotFound\", \"$message\": \"no record collection"
                        + " 'custmers' here; the collection is customers\"}]}"));
        try {
            String base = "http://127.0.0.1:" + web.getAddress().getPort();
            Cli.Result r = Cli.run("records", "sync", "--source", base + "/records/custmers", "--target",
                    base + "/records/customers");
            assertThat(r.exitCode()).as("%s", r).isEqualTo(1);
            assertThat(r.err()).as("%s", r).noneMatch(l -> l.contains("--allow-different-collections"))
                    .anyMatch(l -> l.startsWith("error: reading the source's digest: ")
                            && l.contains("no record collection 'custmers' here"));
        } finally {
            web.stop(0);
        }
    }

    /**
     * A node that refuses a sync without a token: one line naming the request without its query (tracking id, run
     * stamp) and the option to give, without the node's advice to curl users on which HTTP header to send.
     */
    @Test
    void aMissingTokenIsOneShortLineNamingTheOption() throws Exception {
        com.sun.net.httpserver.HttpServer web = serving(path -> {
            if (path.endsWith("/$syncDigest")) {
                String origin = path.startsWith("/a/records/rows/") ? "urn:a" : "urn:b";
                return new Answer(200, "application/json;vnd.sage=sdata", "\"t-" + origin + "\"",
                        "{\"$digest\":{\"origin\":\"" + origin + "\",\"digestEntry\":[{\"endpoint\":\"" + origin
                                + "\",\"tick\":1,\"stamp\":\"2026-01-01T00:00:00Z\",\"conflictPriority\":5}]}}");
            }
            return new Answer(401, "application/json", null, "{\"error\":\"this request changes the node and needs"
                    + " its token: send the header Authorization: Bearer TOKEN, where TOKEN is the content of .cookie in"
                    + " the node's data directory\"}");
        });
        try {
            String base = "http://127.0.0.1:" + web.getAddress().getPort();
            Cli.Result r = Cli.run("records", "sync", "--source", base + "/a/records/rows", "--target", base + "/b/records/rows");
            assertThat(r.exitCode()).as("%s", r).isEqualTo(1);
            assertThat(r.err().stream().filter(l -> l.startsWith("error: ")).toList()).as("%s", r)
                    .containsExactly("error: starting the source's pass: " + base + "/a/records/rows/$syncSource answered"
                            + " 401: this request changes the node and needs its token (give the source node's token"
                            + " with --source-token TOKEN, or --source-token @DIR to read it from the node's data"
                            + " directory DIR)");
        } finally {
            web.stop(0);
        }
    }

    /**
     * Live mode one way, whose target is a collection its endpoint does not serve (the source is fine): fails at once
     * with one-shot sync's line too, although live mode long-polls only the source.
     */
    @Test
    @org.junit.jupiter.api.Timeout(30)
    void liveModeToATargetTheEndpointDoesNotServeFailsAtOnce() throws Exception {
        com.sun.net.httpserver.HttpServer web = serving(path -> {
            boolean source = path.startsWith("/a/records/rows/");
            String body = (source
                    ? "{\"$digest\":{\"origin\":\"urn:a\",\"digestEntry\":[{\"endpoint\":\"urn:a\",\"tick\":1,"
                            + "\"stamp\":\"2026-01-01T00:00:00Z\",\"conflictPriority\":5}]}}"
                    : "{\"$diagnoses\":[{\"$severity\":\"error\",\"$sdataCode\":\"ResourceKindNotFound\","
                            + "\"$message\":\"no record collection 'nosuch' here; the collection is a\"}]}");
            return new Answer(source ? 200 : 404, "application/json;vnd.sage=sdata", "\"t1\"", body);
        });
        try {
            String base = "http://127.0.0.1:" + web.getAddress().getPort();
            Cli.Result live = Cli.run("records", "sync", "--live", "--source", base + "/a/records/rows", "--target",
                    base + "/nosuch/records/rows");
            assertThat(live.exitCode()).as("%s", live).isEqualTo(1);
            assertThat(live.err().stream().filter(l -> l.startsWith("error: ")).toList()).as("%s", live)
                    .containsExactly("error: reading the target's digest: " + base + "/nosuch/records/rows/$syncDigest"
                            + " answered 404: no record collection 'nosuch' here; the collection is a");
        } finally {
            web.stop(0);
        }
    }

    /**
     * Live mode while an endpoint fails (here a 503, again and again): standard error, as a terminal shows it or a
     * log file keeps it, has the command's own lines only, the failure said once in words however often it is tried
     * again, and no log line (no logger name, no level, no thread); standard output stays empty.
     */
    @Test
    @org.junit.jupiter.api.Timeout(60)
    void liveModeSaysAFailingEndpointOnceInItsOwnWords() throws Exception {
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.CountDownLatch retried = new java.util.concurrent.CountDownLatch(3);
        com.sun.net.httpserver.HttpServer web = serving(path -> {
            asked.incrementAndGet();
            retried.countDown();
            return new Answer(503, "text/plain", null, "down for maintenance");
        });
        try (ChildCli live = ChildCli.start("records", "sync", "--live", "--source", "http://127.0.0.1:"
                + web.getAddress().getPort() + "/a/records/rows", "--target", "http://127.0.0.1:"
                + web.getAddress().getPort() + "/b/records/rows")) {
            assertThat(retried.await(40, java.util.concurrent.TimeUnit.SECONDS)).as("three attempts").isTrue();
            live.awaitErrLine(l -> l.contains("trying again"), java.time.Duration.ofSeconds(30));
            live.kill();
            String digest = "http://127.0.0.1:" + web.getAddress().getPort() + "/a/records/rows/$syncDigest";
            assertThat(live.out()).as(live.transcript()).isEmpty();
            assertThat(live.err()).as(live.transcript()).hasSize(2);
            assertThat(live.err().get(0)).startsWith("records sync: live, 127.0.0.1:");
            assertThat(live.err().get(1)).as(live.transcript()).matches(ChildCli.LINE_TIME + " records sync: "
                    + java.util.regex.Pattern.quote("reading the source's digest: " + digest + " answered 503: down for"
                    + " maintenance; trying again every 2 s"));
            assertThat(String.join("\n", live.err())).as(live.transcript()).doesNotContain("WARN")
                    .doesNotContain("LiveSync").doesNotContain("[main]");
        } finally {
            web.stop(0);
        }
    }

    /**
     * Live mode given a token as {@code @DIR}, whose node restarts and writes a new {@code .cookie}: the refused token
     * is read again from DIR and live mode goes on with it, said once on standard error (it ended with a 401 before,
     * although outliving a node's restart is what live mode retries for).
     */
    @Test
    @org.junit.jupiter.api.Timeout(60)
    void liveModeReadsATokenGivenAsADirectoryAgainWhenItsNodeRestarted(@TempDir Path dir) throws Exception {
        java.nio.file.Files.writeString(dir.resolve(".cookie"), "a".repeat(64) + "\n");
        java.util.concurrent.CountDownLatch newTokenUsed = new java.util.concurrent.CountDownLatch(1);
        com.sun.net.httpserver.HttpServer web = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        web.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            int status;
            String body;
            if (path.endsWith("/$syncDigest")) {
                String origin = path.startsWith("/a/records/rows/") ? "urn:a" : "urn:b";
                status = 200;
                body = "{\"$digest\":{\"origin\":\"" + origin + "\",\"digestEntry\":[{\"endpoint\":\"" + origin
                        + "\",\"tick\":1,\"stamp\":\"2026-01-01T00:00:00Z\",\"conflictPriority\":5}]}}";
            } else if (("Bearer " + "b".repeat(64)).equals(auth)) {
                newTokenUsed.countDown();
                status = 503;
                body = "{\"error\":\"busy\"}";
            } else {
                // the node restarted: its old token is refused, its new one is in the cookie
                java.nio.file.Files.writeString(dir.resolve(".cookie"), "b".repeat(64) + "\n");
                status = 401;
                body = "{\"error\":\"the Authorization header sent does not hold this node's token\"}";
            }
            byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json;vnd.sage=sdata");
            exchange.getResponseHeaders().add("ETag", "\"t1\"");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        web.start();
        String base = "http://127.0.0.1:" + web.getAddress().getPort();
        try (ChildCli live = ChildCli.start("records", "sync", "--live", "--source", base + "/a/records/rows", "--target",
                base + "/b/records/rows", "--token", "@" + dir)) {
            live.awaitErrLine(l -> l.contains("read again"), java.time.Duration.ofSeconds(30));
            assertThat(newTokenUsed.await(30, java.util.concurrent.TimeUnit.SECONDS)).as(live.transcript())
                    .as("the new token sent").isTrue();
            live.kill();
            assertThat(live.err()).as(live.transcript()).noneMatch(l -> l.startsWith("error:"));
            assertThat(live.err()).as(live.transcript()).anyMatch(l -> l.matches(ChildCli.LINE_TIME
                    + " records sync: a token was refused; read again from its @ file: the node wrote a new one"
                    + " \\(it restarted\\)"));
        } finally {
            web.stop(0);
        }
    }

    /** After a failure, the first sync that goes through says so, once; a new failure is said again. */
    @Test
    void liveNoticesSayAFailureOnceAndTheRecovery() {
        java.io.StringWriter text = new java.io.StringWriter();
        LiveNotices notices = new LiveNotices(new java.io.PrintWriter(text), () -> "2026-12-07 10:00:00");
        java.time.Duration two = java.time.Duration.ofSeconds(2);
        notices.synced();
        notices.retrying("cannot reach http://127.0.0.1:1 (connection refused)", two);
        notices.retrying("cannot reach http://127.0.0.1:1 (connection refused)", two);
        notices.retrying("http://127.0.0.1:1/a/records/rows/$syncDigest answered 500", two);
        notices.synced();
        notices.synced();
        assertThat(text.toString().lines()).containsExactly(
                "2026-12-07 10:00:00 records sync: cannot reach http://127.0.0.1:1 (connection refused); trying again every 2 s",
                "2026-12-07 10:00:00 records sync: http://127.0.0.1:1/a/records/rows/$syncDigest answered 500; trying again every 2 s",
                "2026-12-07 10:00:00 records sync: syncing again");
    }

    /** What the fake web server answers: a status, a content type, an ETag (or null) and a body. */
    private record Answer(int status, String contentType, String etag, String body) {
    }

    /**
     * A web server on a free loopback port that answers each request with what {@code answers} gives for its path;
     * started, for the caller to stop ({@code stop(0)}).
     */
    private static com.sun.net.httpserver.HttpServer serving(java.util.function.Function<String, Answer> answers)
            throws java.io.IOException {
        com.sun.net.httpserver.HttpServer web = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        web.createContext("/", exchange -> {
            Answer a = answers.apply(exchange.getRequestURI().getPath());
            byte[] body = a.body().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", a.contentType());
            if (a.etag() != null) {
                exchange.getResponseHeaders().add("ETag", a.etag());
            }
            exchange.sendResponseHeaders(a.status(), body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        web.start();
        return web;
    }
}
