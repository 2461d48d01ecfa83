package dev.tributary.node.records;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.node.records.TestDatabase.Kind;
import dev.tributary.records.Digest;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two-way sync between a PostgreSQL, a MariaDB and an SQLite table over real HTTP (MariaDB's node in the middle,
 * {@link RecordsSync} two-way to each other), while other applications edit all three tables at once: inserts,
 * updates of the same rows in different databases (conflicts) and deletes. When the editing stops and the syncs run
 * until a round changes nothing, the three tables hold the same rows and the three digests the same ticks; a row
 * edited in PostgreSQL (priority 1) and in SQLite (priority 3) between two syncs ends with PostgreSQL's value
 * everywhere, as the conflict rule says (the lower priority number wins).
 */
class ThreeDatabasesTwoWayIT {
    private static final String TABLE = "CREATE TABLE customers (id VARCHAR(64) PRIMARY KEY, name VARCHAR(100), city VARCHAR(100), credit INTEGER)";
    private static final String ROWS = "SELECT id, name, city, credit FROM customers ORDER BY id";

    @TempDir
    Path dir;

    @Test
    void concurrentEditsOnAllThreeEndWithEqualRowsAndDigests() throws Exception {
        long seed = System.nanoTime();
        try (TestDatabase pg = TestDatabase.open(Kind.POSTGRESQL, dir);
             TestDatabase maria = TestDatabase.open(Kind.MARIADB, dir);
             TestDatabase lite = TestDatabase.open(Kind.SQLITE, dir);
             RecordNodes nodes = new RecordNodes(dir)) {
            List<TestDatabase> dbs = List.of(pg, maria, lite);
            for (TestDatabase db : dbs) {
                db.exec(TABLE);
            }
            for (int i = 0; i < 60; i++) {
                pg.exec("INSERT INTO customers VALUES ('p" + i + "', 'pg " + i + "', 'Graz', " + i + ")");
            }
            RecordsConfig config = new RecordsConfig("tok", 25, 1 << 20, 64);
            TableRecordStore spg = TableRecordStore.open(TableStoreConfig.of(pg.url, "customers", "urn:pg").withPriority(1));
            TableRecordStore smaria = TableRecordStore.open(TableStoreConfig.of(maria.url, "customers", "urn:maria").withPriority(2));
            TableRecordStore slite = TableRecordStore.open(TableStoreConfig.of(lite.url, "customers", "urn:lite").withPriority(3));
            URI upg = nodes.serve("pg", spg, config);
            URI umaria = nodes.serve("maria", smaria, config);
            URI ulite = nodes.serve("lite", slite, config);
            HttpClient http = HttpClient.newHttpClient();
            round(http, upg, umaria, ulite);
            round(http, upg, umaria, ulite);
            assertThat(lite.rows(ROWS)).hasSize(60).isEqualTo(pg.rows(ROWS));

            // a conflict decided by priority: PostgreSQL (1) wins over SQLite (3)
            pg.exec("UPDATE customers SET city = 'from pg' WHERE id = 'p1'");
            lite.exec("UPDATE customers SET city = 'from sqlite' WHERE id = 'p1'");
            round(http, upg, umaria, ulite);
            round(http, upg, umaria, ulite);
            for (TestDatabase db : dbs) {
                assertThat(db.rows("SELECT city FROM customers WHERE id = 'p1'")).as(db.toString()).containsExactly("from pg");
            }

            // other applications edit all three while the syncs run
            AtomicBoolean editing = new AtomicBoolean(true);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            List<Thread> editors = new ArrayList<>();
            String[] names = {"pg", "maria", "lite"};
            for (int d = 0; d < 3; d++) {
                TestDatabase db = dbs.get(d);
                String name = names[d];
                Random random = new Random(seed + d);
                Thread editor = new Thread(() -> {
                    try {
                        for (int n = 0; n < 120 && failure.get() == null; n++) {
                            int row = random.nextInt(80);
                            String id = "p" + row;
                            switch (random.nextInt(4)) {
                                case 0 -> db.exec("DELETE FROM customers WHERE id = '" + id + "'");
                                case 1 -> {
                                    db.exec("DELETE FROM customers WHERE id = '" + id + "'");
                                    try {
                                        db.exec("INSERT INTO customers VALUES ('" + id + "', '" + name + " new " + n
                                                + "', '" + name + "', " + n + ")");
                                    } catch (IllegalStateException syncBroughtItBack) {
                                        // a sync applied this row between the two statements, as it may: the
                                        // application writes its values over it, as such an application would
                                        db.exec("UPDATE customers SET name = '" + name + " new " + n + "', city = '"
                                                + name + "', credit = " + n + " WHERE id = '" + id + "'");
                                    }
                                }
                                default -> db.exec("UPDATE customers SET city = '" + name + " " + n + "', credit = "
                                        + n + " WHERE id = '" + id + "'");
                            }
                        }
                    } catch (Throwable t) {
                        failure.compareAndSet(null, t);
                    }
                }, "editor-" + name);
                editor.start();
                editors.add(editor);
            }
            Thread syncer = new Thread(() -> {
                try {
                    while (editing.get() && failure.get() == null) {
                        round(http, upg, umaria, ulite);
                    }
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
            }, "syncer");
            syncer.start();
            for (Thread t : editors) {
                t.join();
            }
            editing.set(false);
            syncer.join();
            assertThat(failure.get()).as("seed %d", seed).isNull();

            int rounds = 0;
            while (round(http, upg, umaria, ulite) > 0) {
                rounds++;
                assertThat(rounds).as("rounds until quiet (seed %d)", seed).isLessThan(10);
            }
            round(http, upg, umaria, ulite);
            assertThat(maria.rows(ROWS)).as("seed %d", seed).isEqualTo(pg.rows(ROWS));
            assertThat(lite.rows(ROWS)).as("seed %d", seed).isEqualTo(pg.rows(ROWS));
            Digest d = spg.digest();
            assertThat(d.sameTicks(smaria.digest())).as("%s vs %s", d, smaria.digest()).isTrue();
            assertThat(d.sameTicks(slite.digest())).as("%s vs %s", d, slite.digest()).isTrue();
        }
    }

    /** Two-way syncs PostgreSQL with MariaDB and SQLite with MariaDB; returns how many entries were applied. */
    private static int round(HttpClient http, URI pg, URI maria, URI lite) throws Exception {
        int applied = 0;
        for (URI edge : List.of(pg, lite)) {
            applied += RecordsSync.run(http, new RecordsSync.Options(edge, maria, null, true, "three databases", "tok", "tok"),
                    (from, to) -> new HttpSyncPass.Listener() {
                    }).applied();
        }
        return applied;
    }
}
