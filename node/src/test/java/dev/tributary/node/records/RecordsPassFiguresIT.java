package dev.tributary.node.records;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.node.Node;
import dev.tributary.node.StoreKind;
import dev.tributary.node.http.HttpApi;
import dev.tributary.records.Payload;
import dev.tributary.records.Record;
import dev.tributary.records.RecordCollection;
import dev.tributary.records.SyncState;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Passes between two SQLite endpoints over HTTP on loopback, with figures printed (rows/s of the initial load beside
 * SQLite's own batched insert rate measured in the same run, an incremental pass, an in-sync pass). Checks that
 * exactly the changed rows travel and that an in-sync pass is two round trips (the target's digest, the source's
 * empty first page). Rows:
 * {@code -Drecords.rows=N} (default 20,000), about 200 bytes each.
 */
class RecordsPassFiguresIT {
    private static final int PAGE = 500;
    private static final String TOKEN = "t";

    @TempDir
    Path dir;

    @Test
    void initialIncrementalAndInSyncPasses() throws Exception {
        int rows = Integer.getInteger("records.rows", 20_000);
        int changed = Math.max(1, rows / 200);
        double baseline = sqliteBatchedInsertRate(dir.resolve("baseline.db"), rows);
        RecordsConfig config = new RecordsConfig(TOKEN, PAGE, 64 << 20, 8);
        try (Node a = node("a", config); Node b = node("b", config);
                HttpApi apiA = HttpApi.start(a, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                HttpApi apiB = HttpApi.start(b, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            RecordCollection source = collection(a);
            List<Record> load = new ArrayList<>(rows);
            for (int i = 0; i < rows; i++) {
                load.add(Record.live(String.format("row-%08d", i), SyncState.of("urn:a", i, null), row(i, "v1")));
            }
            source.store().commit(load, source.digest().afterChange(SyncState.of("urn:a", rows - 1, null), 1, null));
            HttpSyncPass pass = new HttpSyncPass(HttpClient.newHttpClient(),
                    URI.create("http://127.0.0.1:" + apiA.port() + "/records/accounts"),
                    URI.create("http://127.0.0.1:" + apiB.port() + "/records/accounts"), TOKEN);

            long t0 = System.nanoTime();
            HttpSyncPass.Summary initial = pass.run("initial", "2026-01-01T00:00:00");
            double initialSeconds = (System.nanoTime() - t0) / 1e9;
            for (int i = 0; i < changed; i++) {
                source.put(String.format("row-%08d", i * 199 % rows), row(i, "v2"));
            }
            long t1 = System.nanoTime();
            HttpSyncPass.Summary incremental = pass.run("incremental", "2026-01-01T00:01:00");
            double incrementalMillis = (System.nanoTime() - t1) / 1e6;
            long t2 = System.nanoTime();
            HttpSyncPass.Summary inSync = pass.run("in sync", "2026-01-01T00:02:00");
            double inSyncMillis = (System.nanoTime() - t2) / 1e6;

            System.out.printf("records figures: rows=%d pageSize=%d%n", rows, PAGE);
            System.out.printf("initial load: %.0f rows/s over HTTP into SQLite (%d pages), SQLite's own batched insert"
                    + " %.0f rows/s, ratio %.2f%n", rows / initialSeconds, initial.pages(), baseline,
                    rows / initialSeconds / baseline);
            System.out.printf("incremental: %d changed rows in %.0f ms, %d rows sent%n", changed, incrementalMillis,
                    incremental.entries());
            System.out.printf("in sync: %.1f ms, %d rows sent, %d round trips%n", inSyncMillis, inSync.entries(),
                    inSync.roundTrips());

            assertThat(initial.entries()).isEqualTo(rows);
            assertThat(incremental.entries()).isEqualTo(changed);
            assertThat(inSync.entries()).isZero();
            assertThat(inSync.roundTrips()).as("both digests, read at once").isEqualTo(1);
            assertThat(collection(b).digest().sameTicks(source.digest())).isTrue();
        }
    }

    private static Payload row(int i, String version) {
        return Payload.of("account", Map.of("name", "Customer " + i + " " + version, "city", "Some City " + (i % 97),
                "email", "customer" + i + "@example.com", "notes", "x".repeat(100)));
    }

    private static RecordCollection collection(Node node) {
        return RecordsService.of(node).collection("accounts");
    }

    private Node node(String name, RecordsConfig config) {
        return Node.builder(name).datadir(dir.resolve(name)).storeKind(StoreKind.MEMORY)
                .service(RecordsService.sqlite(config, Map.of("accounts", "urn:" + name), name.equals("a") ? 1 : 2))
                .build();
    }

    /** SQLite's own rate for the same rows: batched inserts into a plain table, one transaction per page. */
    private static double sqliteBatchedInsertRate(Path file, int rows) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            try (Statement st = c.createStatement()) {
                st.execute("PRAGMA journal_mode=WAL");
                st.execute("PRAGMA synchronous=NORMAL");
                st.execute("CREATE TABLE t(id TEXT PRIMARY KEY, name TEXT, city TEXT, email TEXT, notes TEXT)");
            }
            c.setAutoCommit(false);
            long t0 = System.nanoTime();
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO t VALUES (?, ?, ?, ?, ?)")) {
                for (int i = 0; i < rows; i++) {
                    Map<String, String> p = row(i, "v1").properties();
                    ins.setString(1, String.format("row-%08d", i));
                    ins.setString(2, p.get("name"));
                    ins.setString(3, p.get("city"));
                    ins.setString(4, p.get("email"));
                    ins.setString(5, p.get("notes"));
                    ins.addBatch();
                    if ((i + 1) % PAGE == 0 || i == rows - 1) {
                        ins.executeBatch();
                        c.commit();
                    }
                }
            }
            return rows / ((System.nanoTime() - t0) / 1e9);
        }
    }
}
