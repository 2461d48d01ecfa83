package dev.tributary.node.records;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.node.cli.ChildCli;
import dev.tributary.node.cli.Cli;
import dev.tributary.node.http.CookieFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tributary node} serving record endpoints as an operator runs it, each node its own process: one node serves
 * an application's SQLite table ({@code --records-table}) and the event manager ({@code --events} with a webhook),
 * the other keeps a collection itself ({@code --records-collection}). {@code tributary records sync} moves the
 * rows both ways with the nodes' tokens and reports to the event manager; a conflicting edit is alerted; the second
 * node, restarted, keeps its endpoint and its rows, so a sync after the restart sends nothing.
 */
class NodeRecordsIT {
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final Pattern LISTENING = Pattern.compile("HTTP API listening on 127\\.0\\.0\\.1:(\\d+)");
    private static final Pattern ENDPOINT = Pattern.compile("endpoint (urn:uuid:[0-9a-f-]+)/customers");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void twoNodesSyncATableAndACollectionAndReportToTheEventManager() throws Exception {
        Path app = dir.resolve("app.db");
        sql(app, "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT, city TEXT)",
                "INSERT INTO customers VALUES (1, 'Ada', 'London'), (2, 'Grace', 'Arlington'), (3, 'Linus', 'Espoo')");
        Path erp = dir.resolve("erp");
        Path branch = dir.resolve("branch");
        try (Webhook hook = Webhook.start();
             ChildCli a = ChildCli.start("node", "--datadir", erp.toString(), "--http", "127.0.0.1:0",
                "--records-table", "customers=jdbc:sqlite:" + app, "--events", "--events-webhook",
                hook.url().toString())) {
            int portA = port(a);
            String urlA = "http://127.0.0.1:" + portA + "/records/customers";
            // the event manager says where it is, as the collections and the API do
            a.awaitErrLine(l -> l.endsWith("Event manager at http://127.0.0.1:" + portA + "/events/ (records sync"
                    + " --events http://127.0.0.1:" + portA + "/events/diagnostics)"), PATIENCE);
            String branchEndpoint;
            int portB;
            try (ChildCli b = startBranch(branch)) {
                portB = port(b);
                branchEndpoint = endpoint(b);
                String urlB = "http://127.0.0.1:" + portB + "/records/customers";

                Cli.Result first = sync(urlA, urlB, erp, branch, portA, "first");
                assertThat(first.out()).as("%s", first).last().asString()
                        .startsWith("records sync: passes=2 pages=1 entries=3 applied=3 conflicts=0");
                assertThat(storedRecords(branch)).isEqualTo(3);

                // the same row edited on both sides: one conflict, decided by the rules, alerted to the webhook
                sql(app, "UPDATE customers SET city = 'Paris' WHERE id = 1");
                applyAtBranch(urlA, urlB, erp, branch, portA);
                String alert = hook.next(PATIENCE);
                assertThat(alert).as("a webhook alert for the conflict").isNotNull().contains("conflict");
            }
            assertThat(hook.isEmpty()).as("no other alert").isTrue();

            try (ChildCli b = startBranch(branch)) {
                assertThat(endpoint(b)).as("the endpoint kept in DATADIR/records-endpoint").isEqualTo(branchEndpoint);
                String urlB = "http://127.0.0.1:" + port(b) + "/records/customers";
                Cli.Result again = sync(urlA, urlB, erp, branch, portA, "after restart");
                assertThat(again.out()).as("%s", again).last().asString()
                        .startsWith("records sync: passes=2 pages=0 entries=0 applied=0 conflicts=0");
                assertThat(storedRecords(branch)).isEqualTo(3);
            }
            assertThat(sql(app, "SELECT id || ' ' || name || ' ' || city FROM customers ORDER BY id"))
                    .as("the application's table after the conflict was decided").hasSize(3);

            JsonNode runs = JSON.readTree(HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + portA + "/events/runs")).build(),
                    HttpResponse.BodyHandlers.ofString()).body()).get("runs");
            List<String> names = new ArrayList<>();
            runs.forEach(r -> names.add(r.get("runName").asText()));
            assertThat(names).contains("first", "conflict", "after restart");
            // a two-way sync is one run, both directions: the conflict is counted once
            int conflicts = 0;
            for (JsonNode r : runs) {
                conflicts += r.get("runName").asText().equals("conflict") ? r.get("conflicts").asInt() : 0;
            }
            assertThat(conflicts).as("%s", runs).isEqualTo(1);

            // a node without peers does not say it closes peers: it closes what it serves
            a.interrupt();
            a.waitFor(PATIENCE);
            assertThat(a.err()).as(a.transcript()).anyMatch(l -> l.endsWith("Stopping: the node was asked to stop"
                    + " (Ctrl-C or a signal); closing its HTTP API, its record collections (their database"
                    + " connections), its event manager and its store"));
        }
    }

    /**
     * Edits row 1 at the branch as a third replica would: a third node's table receives the branch's rows, changes
     * row 1 and syncs the change to the branch. The application changed row 1 too, so the next two-way sync of the
     * application and the branch meets one conflict.
     */
    private void applyAtBranch(String urlA, String urlB, Path erp, Path branch, int portA) throws Exception {
        Path other = dir.resolve("other.db");
        sql(other, "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT, city TEXT)");
        try (ChildCli c = ChildCli.start("node", "--datadir", dir.resolve("other").toString(), "--http",
                "127.0.0.1:0", "--records-table", "customers=jdbc:sqlite:" + other)) {
            String urlC = "http://127.0.0.1:" + port(c) + "/records/customers";
            Cli.Result fill = ChildCli.run(PATIENCE, "records", "sync", "--source", urlB, "--target", urlC,
                    "--source-token", CookieFile.read(branch), "--target-token", CookieFile.read(dir.resolve("other")));
            assertThat(fill.exitCode()).as("%s", fill).isZero();
            // progress: the total unknown until the digests are read, then the ticks between them (not "0/1")
            assertThat(fill.err()).as("%s", fill).anyMatch(l -> l.endsWith(": started (total not known yet)"))
                    .anyMatch(l -> l.matches(".*: \\d+/[1-9]\\d* entries \\(\\d+%\\).*"));
            sql(other, "UPDATE customers SET city = 'Rome' WHERE id = 1");
            Cli.Result toBranch = ChildCli.run(PATIENCE, "records", "sync", "--source", urlC, "--target", urlB,
                    "--source-token", CookieFile.read(dir.resolve("other")), "--target-token", CookieFile.read(branch));
            assertThat(toBranch.out()).as("%s", toBranch).last().asString().contains("applied=1");
        }
        Cli.Result conflict = sync(urlA, urlB, erp, branch, portA, "conflict");
        assertThat(conflict.out()).as("%s", conflict).last().asString().contains("conflicts=1");
    }

    private ChildCli startBranch(Path branch) {
        return ChildCli.start("node", "--datadir", branch.toString(), "--http", "127.0.0.1:0", "--records-collection",
                "customers", "--records-priority", "3");
    }

    private static Cli.Result sync(String urlA, String urlB, Path erp, Path branch, int portA, String run)
            throws InterruptedException {
        Cli.Result r = ChildCli.run(PATIENCE, "records", "sync", "--two-way", "--source", urlA, "--target", urlB,
                // the tokens read from the nodes' data directories (their .cookie), as an operator gives them
                "--source-token", "@" + erp, "--target-token", "@" + branch, "--events",
                "http://127.0.0.1:" + portA + "/events/diagnostics", "--events-token", "@" + CookieFile.of(erp),
                "--run-name", run);
        assertThat(r.exitCode()).as("%s", r).isZero();
        return r;
    }

    private static int port(ChildCli node) throws InterruptedException {
        Matcher m = LISTENING.matcher(node.awaitErrLine(l -> LISTENING.matcher(l).find(), PATIENCE));
        assertThat(m.find()).isTrue();
        return Integer.parseInt(m.group(1));
    }

    private static String endpoint(ChildCli node) throws InterruptedException {
        Matcher m = ENDPOINT.matcher(node.awaitErrLine(l -> ENDPOINT.matcher(l).find(), PATIENCE));
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    /** Records the node keeps in its own SQLite file for the collection (read while the node runs, as SQLite allows). */
    private static int storedRecords(Path datadir) throws Exception {
        return Integer.parseInt(sql(datadir.resolve("records.db"),
                "SELECT count(*) FROM tributary_record WHERE collection = 'customers'").get(0));
    }

    /** Runs statements on a SQLite file as another application would; returns the last query's first column. */
    private static List<String> sql(Path file, String... statements) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
            st.execute("PRAGMA busy_timeout = 10000");
            for (String s : statements) {
                if (st.execute(s)) {
                    try (ResultSet rs = st.getResultSet()) {
                        rows.clear();
                        while (rs.next()) {
                            rows.add(rs.getString(1));
                        }
                    }
                }
            }
        }
        return rows;
    }
}
