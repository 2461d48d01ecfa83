package dev.tributary.node.records;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.node.cli.ChildCli;
import dev.tributary.node.records.TestDatabase.Kind;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Random;
import dev.tributary.records.InMemoryRecordStore;
import dev.tributary.records.Payload;
import dev.tributary.records.RecordCollection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tributary records sync} killed with SIGKILL mid-pass, ten times at random points (while the target's table
 * fills, and once after rows changed at the source meanwhile), then run to its end: the target holds exactly the
 * source's rows with the source's sync states (nothing lost, nothing applied twice), the digests agree, and one more
 * run finds nothing to send.
 */
class RecordsSyncKillIT {
    private static final int ROWS = 3000;
    private static final String TABLE = "CREATE TABLE customers (id VARCHAR(64) PRIMARY KEY, name VARCHAR(100), city VARCHAR(100), credit INTEGER)";
    private static final String ROWS_QUERY = "SELECT id, name, city, credit FROM customers ORDER BY id";
    private static final String STATES_QUERY = "SELECT k, endpoint, tick, deleted FROM tributary_state_customers ORDER BY k";

    @TempDir
    Path dir;

    @Test
    void killedTenTimesAtRandomPointsAndRunAgainNothingIsLostOrAppliedTwice() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        try (TestDatabase src = TestDatabase.open(Kind.SQLITE, dir); TestDatabase dst = TestDatabase.open(Kind.SQLITE, dir);
             RecordNodes nodes = new RecordNodes(dir)) {
            src.exec(TABLE);
            dst.exec(TABLE);
            StringBuilder insert = new StringBuilder("INSERT INTO customers VALUES ");
            for (int i = 0; i < ROWS; i++) {
                insert.append(i == 0 ? "" : ", ").append("('c").append(i).append("', 'name ").append(i).append("', 'city ")
                        .append(i % 97).append("', ").append(i).append(")");
            }
            src.exec(insert.toString());
            RecordsConfig config = new RecordsConfig("tok", 20, 1 << 20, 64);
            URI source = nodes.serve("src", TableRecordStore.open(TableStoreConfig.of(src.url, "customers", "urn:src")), config);
            URI target = nodes.serve("dst", TableRecordStore.open(TableStoreConfig.of(dst.url, "customers", "urn:dst")), config);
            String[] args = {"records", "sync", "--source", source.toString(), "--target", target.toString(),
                "--token", "tok", "--run-name", "kill test"};

            int kills = 0;
            for (int i = 0; i < 10; i++) {
                if (i == 5) {
                    src.exec("UPDATE customers SET city = 'moved' WHERE credit % 50 = 0", "DELETE FROM customers WHERE id = 'c7'");
                }
                int have = count(dst);
                int killAt = Math.min(ROWS - 1, have + 1 + random.nextInt(ROWS / 12));
                try (ChildCli engine = ChildCli.start("records", "sync", "--source", source.toString(), "--target",
                        target.toString(), "--token", "tok", "--run-name", "kill test")) {
                    long t0 = System.nanoTime();
                    while (engine.isAlive() && count(dst) < killAt) {
                        Thread.sleep(1); // polling the condition: the target's row count
                    }
                    System.out.printf("run %d: %s at %d rows after %d ms%n", i, engine.isAlive() ? "killed" : "ended",
                            count(dst), (System.nanoTime() - t0) / 1_000_000);
                    if (engine.isAlive()) {
                        engine.kill();
                        kills++;
                    }
                }
            }
            assertThat(kills).as("kills that landed mid-pass (seed %d)", seed).isGreaterThanOrEqualTo(5);

            long t0 = System.nanoTime();
            var done = ChildCli.run(Duration.ofSeconds(120), args);
            System.out.printf("last run: %d ms, %s%n", (System.nanoTime() - t0) / 1_000_000, done.out());
            assertThat(done.exitCode()).as(done.toString()).isZero();
            assertThat(dst.rows(ROWS_QUERY)).hasSize(ROWS - 1).isEqualTo(src.rows(ROWS_QUERY));
            assertThat(dst.rows(STATES_QUERY)).isEqualTo(src.rows(STATES_QUERY));
            assertThat(dst.rows("SELECT endpoint, tick FROM tributary_digest WHERE endpoint = 'urn:src'"))
                    .isEqualTo(src.rows("SELECT endpoint, tick FROM tributary_digest WHERE endpoint = 'urn:src'"));

            var again = ChildCli.run(Duration.ofSeconds(60), args);
            assertThat(again.exitCode()).isZero();
            assertThat(again.out()).last().asString().startsWith("records sync: passes=1 pages=0 entries=0 applied=0");
        }
    }

    /**
     * Ctrl-C (SIGINT) mid-pass: the engine says it was interrupted and that the same command resumes; run again, it
     * completes. A run that ends by itself says nothing of the kind.
     */
    @Test
    void interruptedByCtrlCItSaysTheSameCommandResumes() throws Exception {
        RecordCollection a = new RecordCollection(new InMemoryRecordStore("urn:a", 1), Clock.systemUTC());
        RecordCollection b = new RecordCollection(new InMemoryRecordStore("urn:b", 2), Clock.systemUTC());
        for (int i = 0; i < 20_000; i++) {
            a.put("r" + i, Payload.of("row", Map.of("n", Integer.toString(i))));
        }
        try (RecordNodes nodes = new RecordNodes(dir)) {
            RecordsConfig config = new RecordsConfig("tok", 5, 1 << 20, 8);
            String[] args = {"records", "sync", "--source", nodes.serve("a", "rows", a, config).toString(), "--target",
                nodes.serve("b", "rows", b, config).toString(), "--token", "tok"};
            try (ChildCli engine = ChildCli.start(args)) {
                while (engine.isAlive() && b.get("r0").isEmpty()) {
                    Thread.sleep(1); // polling the condition: the target applied a page
                }
                assertThat(engine.isAlive()).as("the pass still runs, %s", engine.transcript()).isTrue();
                engine.interrupt();
                assertThat(engine.waitFor(Duration.ofSeconds(60))).isNotZero();
                assertThat(engine.err()).as(engine.transcript()).contains("records sync: interrupted; what was applied"
                        + " stays applied: run the same command again to resume where it stopped");
                // standard output says what the pass had done, for the record and for scripts
                assertThat(engine.out()).as(engine.transcript()).anyMatch(l -> l.matches("pass http://\\S+ ->"
                        + " http://\\S+: interrupted; the target had answered for .*; run the same command again to"
                        + " complete it"));
                assertThat(engine.out()).as(engine.transcript()).last().asString()
                        .startsWith("records sync: interrupted passes=1 pages=");
            }
            var done = ChildCli.run(Duration.ofSeconds(120), args);
            assertThat(done.exitCode()).as(done.toString()).isZero();
            assertThat(b.get("r19999")).as(done.toString()).isPresent();
            assertThat(done.err()).as(done.toString()).noneMatch(l -> l.contains("interrupted"));
        }
    }

    private static int count(TestDatabase db) {
        List<String> n = db.rows("SELECT count(*) FROM customers");
        return Integer.parseInt(n.get(0));
    }
}
