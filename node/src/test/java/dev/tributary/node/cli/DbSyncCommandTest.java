package dev.tributary.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.net.NetConfig;
import dev.tributary.node.Node;
import dev.tributary.node.StoreKind;
import dev.tributary.node.db.DbService;
import dev.tributary.oplog.db.AccessSpec;
import dev.tributary.oplog.db.Documents;
import dev.tributary.oplog.db.Events;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tributary db sync}: fetches a running node's database into a stopped data directory and says what it did;
 * a peer that is not there, a name the data directory does not hold and an HTTP port given for the peer are one
 * {@code error:} line each, exit code 1, no data directory left behind.
 */
class DbSyncCommandTest {
    private static final Pattern JAVA = Pattern.compile("java\\.|[A-Z]\\w*(Exception|Error)\\b|BAD_MAGIC");

    @TempDir
    Path dir;

    /** A running node of databases listening on loopback (port 0). */
    private static Node peer(Path datadir) throws Exception {
        Node node = DbService.node(datadir, StoreKind.ROCKSDB, NetConfig.defaults()
                .withListen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).withSeeds(List.of(), false));
        node.start();
        return node;
    }

    private static String at(Node node) {
        return "127.0.0.1:" + node.listeningAddress().getPort();
    }

    /** The bar's total grows as reconciliation lists more, and does not shrink when the listed count does. */
    @Test
    void theBarsTotalNeverShrinksWhileSyncing() {
        long shown = Progress.UNKNOWN;
        long[][] fetchedMissing = {{0, 14_285}, {3_072, 26_929}, {6_144, 23_857}, {6_144, 23_800}, {9_216, 20_785},
                {30_001, 0}};
        java.util.List<Long> totals = new java.util.ArrayList<>();
        for (long[] fm : fetchedMissing) {
            shown = DbSyncCommand.total(shown, new dev.tributary.sync.replication.PeerProgress("/orbitdb/x", "peer", 1,
                    fm[1], fm[0], fm[0], false, 1, 1, 0));
            totals.add(shown);
        }
        assertThat(totals).containsExactly(14_285L, 30_001L, 30_001L, 30_001L, 30_001L, 30_001L);
    }

    @Test
    void fetchesADatabaseAndReportsWhatItDidThenResumesWithNothingToDo() throws Exception {
        try (Node node = peer(dir.resolve("peer"))) {
            Events notes = DbService.of(node).replicate(DbService.of(node).library().events("notes"));
            for (int i = 0; i < 5; i++) {
                notes.add(i);
            }
            String d = dir.resolve("copy").toString();

            Cli.Result first = Cli.run("db", "sync", notes.address(), "--peer", at(node), "--datadir", d);
            assertThat(first.exitCode()).as(first.toString()).isZero();
            assertThat(first.lastOut()).isEqualTo("synced " + notes.address() + " (events 'notes') from " + at(node)
                    + ": 5 entries fetched and applied, 5 entries here now (0 before), 1 round trip to reconcile");
            Cli.Result listed = Cli.run("db", "list", "notes", "--datadir", d);
            assertThat(listed.out()).as(listed.toString()).hasSize(5);

            Cli.Result again = Cli.run("db", "sync", "notes", "--peer", at(node), "--datadir", d);
            assertThat(again.exitCode()).as(again.toString()).isZero();
            assertThat(again.lastOut()).contains(": 0 entries fetched and applied, 5 entries here now (5 before)");
            Cli.Result byCid = Cli.run("db", "sync", notes.address().substring("/orbitdb/".length()), "--peer", at(node),
                    "--datadir", dir.resolve("copy2").toString());
            assertThat(byCid.lastOut()).as(byCid.toString()).contains(": 5 entries fetched and applied");
        }
    }

    /**
     * A documents database indexed by another field than _id: the copy indexes by it too (no manifest names it), so
     * its info says so and a document is found by that field's value.
     */
    @Test
    void aDocumentsCopyLearnsTheFieldItIsIndexedBy() throws Exception {
        try (Node node = peer(dir.resolve("peer"))) {
            Documents people = DbService.of(node).replicate(DbService.of(node).library().documents("people", "name",
                    AccessSpec.onlyCreator()));
            people.put(Map.of("name", "ada", "city", "london"));
            people.put(Map.of("name", "bob", "city", "paris"));
            String d = dir.resolve("copy").toString();

            Cli.Result r = Cli.run("db", "sync", people.address(), "--peer", at(node), "--datadir", d);
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(String.join("\n", Cli.run("db", "info", "people", "--datadir", d).out()))
                    .contains("\"indexBy\" : \"name\"");
            assertThat(Cli.run("db", "get", "people", "bob", "--datadir", d).lastOut())
                    .isEqualTo("{\"city\":\"paris\",\"name\":\"bob\"}");
        }
    }

    @Test
    void aPeerThatIsNotThereIsOneErrorLineAndLeavesNoDatadir() throws Exception {
        int free;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            free = s.getLocalPort();
        }
        Path d = dir.resolve("copy");
        Cli.Result r = Cli.run("db", "sync", "/orbitdb/zdpuAkk6YmQ1dPnBLrpsXgWWdD9eVtsfAKgyeNxyLBEWHsSwr", "--peer",
                "127.0.0.1:" + free, "--datadir", d.toString());
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).singleElement().asString().startsWith("error: cannot reach a node at 127.0.0.1:" + free)
                .contains("is it running").doesNotContainPattern(JAVA);
        assertThat(Files.exists(d)).isFalse();
    }

    @Test
    void aNameTheDatadirDoesNotHoldAsksForTheAddress() {
        Path d = dir.resolve("copy");
        Cli.Result r = Cli.run("db", "sync", "notes", "--peer", "127.0.0.1:1", "--datadir", d.toString());
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).singleElement().asString()
                .startsWith("error: no database named 'notes' in " + d + ": to fetch one from the node, give its"
                        + " address");
        assertThat(Files.exists(d)).isFalse();
    }

    @Test
    void anHttpServerGivenAsThePeerIsNamedAsSuch() throws Exception {
        try (ServerSocket http = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread server = new Thread(() -> {
                try (var c = http.accept()) {
                    c.getInputStream().readNBytes(24); // as an HTTP server does: the request first, then the answer
                    c.getOutputStream().write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"
                            .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    c.getOutputStream().flush();
                    c.getInputStream().readAllBytes();
                } catch (java.io.IOException closed) {
                    // the command hung up
                }
            });
            server.setDaemon(true);
            server.start();
            Cli.Result r = Cli.run("db", "sync", "/orbitdb/zdpuAkk6YmQ1dPnBLrpsXgWWdD9eVtsfAKgyeNxyLBEWHsSwr",
                    "--peer", "127.0.0.1:" + http.getLocalPort(), "--timeout", "20", "--datadir",
                    dir.resolve("copy").toString());
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
            assertThat(r.err()).singleElement().asString().contains("not as a Tributary node's --listen address does")
                    .doesNotContainPattern(JAVA);
        }
    }
}
