package dev.tributary.node.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.node.records.TestDatabase.Kind;
import dev.tributary.records.FeedCursor;
import dev.tributary.records.RecordCollection;
import dev.tributary.records.SourcePass;
import dev.tributary.records.TargetApplier;
import dev.tributary.records.verify.VerifyPass;
import dev.tributary.records.verify.VerifySide;
import dev.tributary.store.StoreException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Tables of the shapes applications really have, on each database: columns named by reserved words or in mixed
 * case. Rows arrive equal, other applications' edits are caught by the triggers, and a verify finds no difference.
 */
class TableColumnShapesTest {
    @TempDir
    Path dir;

    /** {@code name} quoted as {@code kind} quotes an identifier. */
    private static String q(Kind kind, String name) {
        return kind == Kind.MARIADB ? "`" + name + "`" : "\"" + name + "\"";
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void columnsNamedByReservedWordsOrInMixedCaseAreSynced(Kind kind) throws Exception {
        try (TestDatabase a = TestDatabase.open(kind, dir); TestDatabase b = TestDatabase.open(kind, dir)) {
            String order = q(kind, "order");
            String mixed = q(kind, "OrderDate");
            String group = q(kind, "Group");
            for (TestDatabase db : new TestDatabase[] {a, b}) {
                db.exec("CREATE TABLE items (id INTEGER PRIMARY KEY, " + order + " INTEGER, " + mixed + " VARCHAR(20), "
                        + group + " VARCHAR(20))");
            }
            a.exec("INSERT INTO items (id, " + order + ", " + mixed + ", " + group + ") VALUES (1, 10, '2026-01-01', 'x'),"
                    + " (2, 20, NULL, 'y'), (3, 30, '2026-03-03', NULL)");
            String rows = "SELECT id, " + order + ", " + mixed + ", " + group + " FROM items ORDER BY id";
            try (TableRecordStore sa = TableRecordStore.open(TableStoreConfig.of(a.url, "items", "urn:a"));
                 TableRecordStore sb = TableRecordStore.open(TableStoreConfig.of(b.url, "items", "urn:b"))) {
                RecordCollection ca = new RecordCollection(sa, Clock.systemUTC());
                RecordCollection cb = new RecordCollection(sb, Clock.systemUTC());
                pass(ca, cb);
                assertThat(b.rows(rows)).containsExactly("1|10|2026-01-01|x", "2|20|null|y", "3|30|2026-03-03|null");

                // another application edits, deletes and re-inserts between passes: the triggers catch it
                a.exec("UPDATE items SET " + order + " = 11, " + mixed + " = 'changed' WHERE id = 1",
                        "DELETE FROM items WHERE id = 2", "INSERT INTO items (id, " + order + ") VALUES (4, 40)");
                assertThat(sa.absorbOutsideChanges(Instant.now())).isEqualTo(3);
                pass(ca, cb);
                a.exec("INSERT INTO items (id, " + group + ") VALUES (2, 'back')");
                b.exec("UPDATE items SET " + group + " = 'from b' WHERE id = 3");
                pass(ca, cb);
                pass(cb, ca);

                assertThat(a.rows(rows)).containsExactly("1|11|changed|x", "2|null|null|back",
                        "3|30|2026-03-03|from b", "4|40|null|null");
                assertThat(b.rows(rows)).isEqualTo(a.rows(rows));
                assertThat(sa.digest().sameTicks(sb.digest())).isTrue();
                assertThat(new VerifyPass(VerifySide.local(sa), VerifySide.local(sb), 4, 2).run().differences()).isEmpty();
            }
        }
    }

    /**
     * Bytes (a zero, bytes that are no UTF-8, none at all) from an SQLite BLOB through PostgreSQL's bytea to MariaDB's
     * LONGBLOB and back, with an edit by another application on the way: every database holds the same bytes.
     */
    @Test
    void binaryColumnsKeepTheirBytesBetweenTheThreeDatabases() throws Exception {
        try (TestDatabase lite = TestDatabase.open(Kind.SQLITE, dir); TestDatabase pg = TestDatabase.open(Kind.POSTGRESQL, dir);
             TestDatabase maria = TestDatabase.open(Kind.MARIADB, dir)) {
            lite.exec("CREATE TABLE items (id INTEGER PRIMARY KEY, data BLOB, note TEXT)");
            pg.exec("CREATE TABLE items (id INTEGER PRIMARY KEY, data BYTEA, note TEXT)");
            maria.exec("CREATE TABLE items (id INTEGER PRIMARY KEY, data LONGBLOB, note TEXT)");
            lite.exec("INSERT INTO items VALUES (1, x'00ff10', 'zero and ff'), (2, x'c328e282', 'no UTF-8'),"
                    + " (3, x'', 'empty'), (4, NULL, 'none'), (5, CAST('text' AS BLOB), 'text as bytes')");
            String liteRows = "SELECT id, CASE WHEN data IS NULL THEN NULL ELSE lower(hex(data)) END, note FROM items ORDER BY id";
            String pgRows = "SELECT id, encode(data, 'hex'), note FROM items ORDER BY id";
            String mariaRows = "SELECT id, lower(hex(data)), note FROM items ORDER BY id";
            List<String> expected = List.of("1|00ff10|zero and ff", "2|c328e282|no UTF-8", "3||empty", "4|null|none",
                    "5|74657874|text as bytes");
            try (TableRecordStore sl = TableRecordStore.open(TableStoreConfig.of(lite.url, "items", "urn:lite"));
                 TableRecordStore sp = TableRecordStore.open(TableStoreConfig.of(pg.url, "items", "urn:pg"));
                 TableRecordStore sm = TableRecordStore.open(TableStoreConfig.of(maria.url, "items", "urn:maria"))) {
                RecordCollection cl = new RecordCollection(sl, Clock.systemUTC());
                RecordCollection cp = new RecordCollection(sp, Clock.systemUTC());
                RecordCollection cm = new RecordCollection(sm, Clock.systemUTC());
                pass(cl, cp);
                pass(cp, cm);
                assertThat(pg.rows(pgRows)).containsExactlyElementsOf(expected);
                assertThat(maria.rows(mariaRows)).containsExactlyElementsOf(expected);

                maria.exec("UPDATE items SET data = x'0102ff' WHERE id = 1", "INSERT INTO items VALUES (6, x'fe00', 'new')");
                pass(cm, cp);
                pass(cp, cl);
                List<String> now = List.of("1|0102ff|zero and ff", "2|c328e282|no UTF-8", "3||empty", "4|null|none",
                        "5|74657874|text as bytes", "6|fe00|new");
                assertThat(lite.rows(liteRows)).containsExactlyElementsOf(now);
                assertThat(pg.rows(pgRows)).containsExactlyElementsOf(now);
                assertThat(maria.rows(mariaRows)).containsExactlyElementsOf(now);
                assertThat(new VerifyPass(VerifySide.local(sl), VerifySide.local(sp), 4, 2).run().differences()).isEmpty();
                assertThat(new VerifyPass(VerifySide.local(sp), VerifySide.local(sm), 4, 2).run().differences()).isEmpty();
            }
        }
    }

    /**
     * PostgreSQL booleans into MariaDB's BOOLEAN (a TINYINT) and SQLite's, and back: MariaDB refused PostgreSQL's
     * {@code t}. Each database holds the value as it prints its own, and a verify finds the copies equal.
     */
    @Test
    void booleansPassBetweenPostgresqlMariadbAndSqlite() throws Exception {
        try (TestDatabase pg = TestDatabase.open(Kind.POSTGRESQL, dir); TestDatabase maria = TestDatabase.open(Kind.MARIADB, dir);
             TestDatabase lite = TestDatabase.open(Kind.SQLITE, dir); TestDatabase pg2 = TestDatabase.open(Kind.POSTGRESQL, dir)) {
            for (TestDatabase db : List.of(pg, maria, lite, pg2)) {
                db.exec("CREATE TABLE items (id INTEGER PRIMARY KEY, active BOOLEAN, label VARCHAR(20))");
            }
            pg.exec("INSERT INTO items VALUES (1, true, 'yes'), (2, false, 'no'), (3, NULL, 'unknown')");
            String rows = "SELECT id, active, label FROM items ORDER BY id";
            try (TableRecordStore sp = TableRecordStore.open(TableStoreConfig.of(pg.url, "items", "urn:pg"));
                 TableRecordStore sm = TableRecordStore.open(TableStoreConfig.of(maria.url, "items", "urn:maria"));
                 TableRecordStore sl = TableRecordStore.open(TableStoreConfig.of(lite.url, "items", "urn:lite"));
                 TableRecordStore sp2 = TableRecordStore.open(TableStoreConfig.of(pg2.url, "items", "urn:pg2"))) {
                RecordCollection cp = new RecordCollection(sp, Clock.systemUTC());
                RecordCollection cm = new RecordCollection(sm, Clock.systemUTC());
                RecordCollection cl = new RecordCollection(sl, Clock.systemUTC());
                RecordCollection cp2 = new RecordCollection(sp2, Clock.systemUTC());
                pass(cp, cm);
                pass(cm, cl);
                assertThat(maria.rows(rows)).containsExactly("1|1|yes", "2|0|no", "3|null|unknown");
                assertThat(lite.rows(rows)).isEqualTo(maria.rows(rows));

                maria.exec("UPDATE items SET active = 0 WHERE id = 1", "INSERT INTO items VALUES (4, 1, 'maria')");
                lite.exec("UPDATE items SET active = 1 WHERE id = 3");
                pass(cm, cp);
                pass(cl, cp);
                pass(cp, cm);
                pass(cp, cl);
                pass(cp, cp2);
                assertThat(pg.rows(rows)).containsExactly("1|f|yes", "2|f|no", "3|t|unknown", "4|t|maria");
                assertThat(pg2.rows(rows)).isEqualTo(pg.rows(rows));
                assertThat(maria.rows(rows)).containsExactly("1|0|yes", "2|0|no", "3|1|unknown", "4|1|maria");
                assertThat(lite.rows(rows)).isEqualTo(maria.rows(rows));
                assertThat(sp.digest().sameTicks(sm.digest())).isTrue();
                assertThat(sl.digest().sameTicks(sm.digest())).isTrue();
                assertThat(new VerifyPass(VerifySide.local(sp), VerifySide.local(sm), 4, 2).run().differences()).isEmpty();
                assertThat(new VerifyPass(VerifySide.local(sp), VerifySide.local(sl), 4, 2).run().differences()).isEmpty();
            }
        }
    }

    /**
     * A value the target's column cannot read (a timestamp with its zone into a MariaDB DATETIME; text into a
     * PostgreSQL INTEGER) fails the page in one line that names the table, says a value was refused and what to do,
     * without the driver's connection number; nothing of the page is written.
     */
    @Test
    void aValueTheTargetsColumnCannotReadIsSaidToBeOne() throws Exception {
        try (TestDatabase pg = TestDatabase.open(Kind.POSTGRESQL, dir); TestDatabase maria = TestDatabase.open(Kind.MARIADB, dir)) {
            pg.exec("CREATE TABLE items (id INTEGER PRIMARY KEY, at TIMESTAMPTZ, code VARCHAR(10))",
                    "INSERT INTO items VALUES (1, '2026-01-02 03:04:05+02', '7')");
            maria.exec("CREATE TABLE items (id INTEGER PRIMARY KEY, at DATETIME, code VARCHAR(10))",
                    "INSERT INTO items VALUES (2, NULL, 'A-1')");
            try (TableRecordStore sp = TableRecordStore.open(TableStoreConfig.of(pg.url, "items", "urn:pg"));
                 TableRecordStore sm = TableRecordStore.open(TableStoreConfig.of(maria.url, "items", "urn:maria"))) {
                RecordCollection cp = new RecordCollection(sp, Clock.systemUTC());
                RecordCollection cm = new RecordCollection(sm, Clock.systemUTC());
                assertThatThrownBy(() -> pass(cp, cm)).isInstanceOf(StoreException.class)
                        .hasMessageStartingWith("MariaDB " + maria.url + " (table items): committing 1 records failed:"
                                + " the table refused a value sent to it: Incorrect datetime value: '2026-01-02")
                        .hasMessageContaining("must be of types that read each other's text")
                        .hasMessageNotContaining("conn=");
                assertThat(maria.rows("SELECT id FROM items")).containsExactly("2");
            }
            pg.exec("ALTER TABLE items ALTER COLUMN code TYPE INTEGER USING code::integer");
            try (TableRecordStore sp = TableRecordStore.open(TableStoreConfig.of(pg.url, "items", "urn:pg"));
                 TableRecordStore sm = TableRecordStore.open(TableStoreConfig.of(maria.url, "items", "urn:maria"))) {
                RecordCollection cp = new RecordCollection(sp, Clock.systemUTC());
                RecordCollection cm = new RecordCollection(sm, Clock.systemUTC());
                assertThatThrownBy(() -> pass(cm, cp)).isInstanceOf(StoreException.class)
                        .hasMessageStartingWith("PostgreSQL " + pg.url + " (table items): committing 1 records failed:"
                                + " the table refused a value sent to it: ERROR: invalid input syntax for type integer:"
                                + " \"A-1\"")
                        .hasMessageNotContaining("\n");
                assertThat(pg.rows("SELECT id FROM items")).containsExactly("1");
            }
        }
    }

    /**
     * Text keys MariaDB's default collation holds as one ({@code Zoë} and {@code zoë}; {@code 'a b'} and
     * {@code 'a b '}, which even utf8mb4_bin does): the page is refused, nothing written, in words naming both keys
     * and the statement that fixes the column; with that collation, every key arrives as a row of its own.
     */
    @Test
    void keysMariadbsCollationHoldsAsOneAreRefusedUntilTheColumnTellsThemApart() throws Exception {
        try (TestDatabase pg = TestDatabase.open(Kind.POSTGRESQL, dir); TestDatabase maria = TestDatabase.open(Kind.MARIADB, dir)) {
            pg.exec("CREATE TABLE items (id VARCHAR(40) PRIMARY KEY, name VARCHAR(20))",
                    "INSERT INTO items VALUES ('Zoë', 'upper'), ('zoë', 'lower'), ('a b', 'space'), ('a b ', 'trailing'),"
                            + " ('日本 😀', 'jp')");
            maria.exec("CREATE TABLE items (id VARCHAR(40) PRIMARY KEY, name VARCHAR(20)) DEFAULT CHARSET utf8mb4"
                    + " COLLATE utf8mb4_general_ci");
            String rows = "SELECT concat('[', id, ']'), name FROM items ORDER BY name";
            try (TableRecordStore sp = TableRecordStore.open(TableStoreConfig.of(pg.url, "items", "urn:pg"));
                 TableRecordStore sm = TableRecordStore.open(TableStoreConfig.of(maria.url, "items", "urn:maria"))) {
                RecordCollection cp = new RecordCollection(sp, Clock.systemUTC());
                RecordCollection cm = new RecordCollection(sm, Clock.systemUTC());
                assertThatThrownBy(() -> pass(cp, cm)).isInstanceOf(StoreException.class)
                        .hasMessageContaining("which key column id holds as one (its collation utf8mb4_general_ci")
                        .hasMessageContaining("nothing of the page was written")
                        .hasMessageEndingWith("ALTER TABLE items MODIFY `id` varchar(40) COLLATE utf8mb4_nopad_bin NOT NULL");
                assertThat(maria.rows(rows)).isEmpty();
            }
            maria.exec("ALTER TABLE items MODIFY `id` varchar(40) COLLATE utf8mb4_nopad_bin NOT NULL");
            try (TableRecordStore sp = TableRecordStore.open(TableStoreConfig.of(pg.url, "items", "urn:pg"));
                 TableRecordStore sm = TableRecordStore.open(TableStoreConfig.of(maria.url, "items", "urn:maria"))) {
                RecordCollection cp = new RecordCollection(sp, Clock.systemUTC());
                RecordCollection cm = new RecordCollection(sm, Clock.systemUTC());
                pass(cp, cm);
                maria.exec("UPDATE items SET name = 'edited' WHERE id = 'zoë'");
                pass(cm, cp);
                assertThat(pg.rows(rows)).containsExactly("[zoë]|edited", "[日本 😀]|jp", "[a b]|space", "[a b ]|trailing",
                        "[Zoë]|upper");
                assertThat(maria.rows(rows)).isEqualTo(pg.rows(rows));
                assertThat(sp.digest().sameTicks(sm.digest())).isTrue();
                assertThat(new VerifyPass(VerifySide.local(sp), VerifySide.local(sm), 4, 2).run().differences()).isEmpty();
            }
        }
    }

    static void pass(RecordCollection source, RecordCollection target) {
        SourcePass p = source.startPass(target.digest());
        FeedCursor cursor = FeedCursor.START;
        while (cursor != null) {
            SourcePass.Page page = p.page(cursor, 2);
            assertThat(target.apply(page.page())).isInstanceOf(TargetApplier.Processed.class);
            cursor = page.next();
        }
    }
}
