package dev.tributary.node.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.node.records.TestDatabase.Kind;
import dev.tributary.records.FeedCursor;
import dev.tributary.records.Payload;
import dev.tributary.records.Record;
import dev.tributary.records.RecordCollection;
import dev.tributary.records.SourcePass;
import dev.tributary.records.SyncState;
import dev.tributary.records.TargetApplier;
import dev.tributary.store.StoreException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/**
 * The store over an application's table, on each real database: rows already there become records, the store's own
 * writes stay out of the change log, other applications' inserts, updates and deletes are found (by triggers, and by
 * the scan where triggers are off), and passes between the three databases leave equal tables.
 */
class TableRecordStoreTest {
    @TempDir
    Path dir;

    private static final String TABLE = "CREATE TABLE customers (id VARCHAR(64) PRIMARY KEY, name VARCHAR(100), city VARCHAR(100), credit INTEGER)";

    private static TableRecordStore open(TestDatabase db, String endpoint, boolean triggers) {
        TableStoreConfig c = TableStoreConfig.of(db.url, "customers", endpoint);
        return TableRecordStore.open(triggers ? c : c.scanning());
    }

    private static Payload customer(String name, String city, Integer credit) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("name", name);
        p.put("city", city);
        p.put("credit", credit == null ? null : credit.toString());
        return Payload.of("customers", p);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void rowsAlreadyInTheTableBecomeRecordsOfThisEndpoint(Kind kind) {
        try (TestDatabase db = TestDatabase.open(kind, dir)) {
            db.exec(TABLE, "INSERT INTO customers VALUES ('c1', 'Ada', 'Zurich', 10)",
                    "INSERT INTO customers VALUES ('c2', 'Bob', NULL, NULL)");
            try (TableRecordStore s = open(db, "urn:a", true)) {
                assertThat(s.usesTriggers()).isTrue();
                assertThat(s.digest().tick("urn:a")).isEqualTo(2);
                assertThat(s.size()).isEqualTo(2);
                Record c2 = s.get("c2").orElseThrow();
                assertThat(c2.payload()).isEqualTo(customer("Bob", null, null));
                assertThat(c2.state().endpoint()).isEqualTo("urn:a");
                assertThat(s.changes("urn:a", 0, 2, 10)).extracting(Record::uuid).containsExactlyInAnyOrder("c1", "c2");
            }
            // reopened: nothing new to take in, the digest is read back
            try (TableRecordStore s = open(db, "urn:a", true)) {
                assertThat(s.absorbOutsideChanges(Instant.now())).isZero();
                assertThat(s.digest().tick("urn:a")).isEqualTo(2);
            }
        }
    }

    /**
     * A table another endpoint synced (another node's, or one whose data directory is gone): the node does not start,
     * and says what to do, with the option that takes the table over.
     */
    @Test
    void aTableAnotherEndpointSyncedSaysHowToTakeItOver() {
        try (TestDatabase db = TestDatabase.open(Kind.SQLITE, dir)) {
            db.exec(TABLE);
            TableRecordStore.open(TableStoreConfig.of(db.url, "customers", "urn:uuid:first/customers")).close();
            assertThatThrownBy(() -> TableRecordStore.open(TableStoreConfig.of(db.url, "customers",
                    "urn:uuid:second/customers")))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("is already synced as endpoint urn:uuid:first/customers, not as this one's,"
                            + " urn:uuid:second/customers: a table is one endpoint's")
                    .hasMessageEndingWith("take it over with that endpoint (tributary node: --records-endpoint"
                            + " urn:uuid:first)");
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void unknownRecordsAreInsertedAndOneThatExistsAfterAllIsReplacedInstead(Kind kind) {
        try (TestDatabase db = TestDatabase.open(kind, dir)) {
            db.exec(TABLE);
            try (TableRecordStore s = open(db, "urn:a", true)) {
                Instant t = Instant.parse("2026-01-01T00:00:00Z");
                s.commit(List.of(Record.live("c1", SyncState.of("urn:b", 0, t), customer("Ada", "Rome", 1)),
                        Record.live("c2", SyncState.of("urn:b", 1, t), customer("Bob", "Oslo", 2))),
                        s.digest().afterChange(SyncState.of("urn:b", 1, t), 3, t), java.util.Set.of("c1", "c2"));
                // another application inserts c3 after the caller looked: the store's insert meets it
                db.exec("INSERT INTO customers VALUES ('c3', 'Old', 'Lima', 0)");
                s.commit(List.of(Record.live("c3", SyncState.of("urn:b", 2, t), customer("Cy", "Bern", 3)),
                        Record.live("c4", SyncState.of("urn:b", 3, t), customer("Dee", "Kyiv", 4))),
                        s.digest().afterChange(SyncState.of("urn:b", 3, t), 3, t), java.util.Set.of("c3", "c4"));
                assertThat(db.rows("SELECT id, name, city, credit FROM customers ORDER BY id")).containsExactly(
                        "c1|Ada|Rome|1", "c2|Bob|Oslo|2", "c3|Cy|Bern|3", "c4|Dee|Kyiv|4");
                assertThat(s.get("c3").orElseThrow().state()).isEqualTo(SyncState.of("urn:b", 2, t));
                assertThat(s.digest().tick("urn:b")).isEqualTo(4);
            }
        }
    }

    /**
     * New rows go in the cheapest way each database has (COPY in PostgreSQL): every character of their values comes
     * back as it went in, nil stays nil, and a table keyed by a number is looked up by its keys as text.
     */
    @ParameterizedTest
    @EnumSource(Kind.class)
    void newRowsKeepEveryCharacterOfTheirValuesAndNumberKeysAreFound(Kind kind) {
        try (TestDatabase db = TestDatabase.open(kind, dir)) {
            db.exec("CREATE TABLE customers (id INTEGER PRIMARY KEY, name VARCHAR(100), city VARCHAR(100), credit INTEGER)");
            try (TableRecordStore s = open(db, "urn:a", true)) {
                Instant t = Instant.parse("2026-01-01T00:00:00Z");
                String odd = "tab\there, line\nnext\r\nback\\slash \\N 'quoted' \"dq\" Zürich 東京 \uD83D\uDE00";
                s.commit(List.of(Record.live("1", SyncState.of("urn:b", 0, t), customer(odd, null, 7)),
                        Record.live("2", SyncState.of("urn:b", 1, t), customer("\\", "", null))),
                        s.digest().afterChange(SyncState.of("urn:b", 1, t), 3, t), java.util.Set.of("1", "2"));
                assertThat(s.get("1").orElseThrow().payload()).isEqualTo(customer(odd, null, 7));
                assertThat(s.get("2").orElseThrow().payload()).isEqualTo(customer("\\", "", null));
                assertThat(s.getAll(List.of("1", "2", "3")).keySet()).containsExactlyInAnyOrder("1", "2");
                // the states went in with the rows: nothing looks changed behind the sync's back
                assertThat(s.absorbOutsideChanges(Instant.now())).isZero();
                assertThat(s.get("1").orElseThrow().state()).isEqualTo(SyncState.of("urn:b", 0, t));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void otherApplicationsChangesAreFoundByTriggersAndTheStoresOwnWritesAreNot(Kind kind) {
        changesAreFound(kind, true);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void otherApplicationsChangesAreFoundByAScanWithoutTriggers(Kind kind) {
        changesAreFound(kind, false);
    }

    private void changesAreFound(Kind kind, boolean triggers) {
        try (TestDatabase db = TestDatabase.open(kind, dir)) {
            db.exec(TABLE, "INSERT INTO customers VALUES ('c1', 'Ada', 'Zurich', 10)",
                    "INSERT INTO customers VALUES ('c2', 'Bob', 'Oslo', 20)");
            try (TableRecordStore s = open(db, "urn:a", triggers)) {
                assertThat(s.usesTriggers()).isEqualTo(triggers);
                // the store's own writes (an applied page) change the table and are not taken for outside changes
                Instant t = Instant.parse("2026-01-01T00:00:00Z");
                s.commit(List.of(Record.live("c3", SyncState.of("urn:b", 0, t), customer("Cy", "Rome", 5)),
                        Record.tombstone("c2", SyncState.of("urn:b", 1, t))),
                        s.digest().afterChange(SyncState.of("urn:b", 1, t), 3, t));
                assertThat(db.rows("SELECT id, name, city, credit FROM customers ORDER BY id"))
                        .containsExactly("c1|Ada|Zurich|10", "c3|Cy|Rome|5");
                assertThat(s.absorbOutsideChanges(Instant.now())).isZero();

                db.exec("INSERT INTO customers VALUES ('c4', 'Dee', 'Lima', 7)",
                        "UPDATE customers SET city = 'Bern' WHERE id = 'c1'",
                        "UPDATE customers SET city = 'Rome' WHERE id = 'c3'", // no change of content
                        "DELETE FROM customers WHERE id = 'c3'",
                        "INSERT INTO customers VALUES ('c3', 'Cy', 'Rome', 5)"); // back as it was
                long before = s.digest().tick("urn:a");
                assertThat(s.absorbOutsideChanges(Instant.now())).isEqualTo(2);
                assertThat(s.digest().tick("urn:a")).isEqualTo(before + 2);
                assertThat(s.get("c1").orElseThrow().payload()).isEqualTo(customer("Ada", "Bern", 10));
                assertThat(s.get("c1").orElseThrow().state().endpoint()).isEqualTo("urn:a");
                assertThat(s.get("c4").orElseThrow().state().tick()).isBetween(before, before + 1);
                assertThat(s.get("c3").orElseThrow().state().endpoint()).isEqualTo("urn:b");

                db.exec("DELETE FROM customers WHERE id = 'c4'");
                assertThat(s.absorbOutsideChanges(Instant.now())).isEqualTo(1);
                Record c4 = s.get("c4").orElseThrow();
                assertThat(c4.deleted()).isTrue();
                assertThat(c4.state()).isEqualTo(SyncState.of("urn:a", before + 2, c4.state().stamp()));
                assertThat(s.absorbOutsideChanges(Instant.now())).isZero();
                assertThat(s.size()).as("c1, c3 and the tombstones of c2 and c4").isEqualTo(4);
                assertThat(s.countLive(dev.tributary.records.KeyRange.ALL)).isEqualTo(2);
                assertThat(s.tombstones()).isEqualTo(2);
            }
        }
    }

    /** What a target reads before it decides a page: other applications' changes taken in first, then the records. */
    @ParameterizedTest
    @EnumSource(Kind.class)
    void aPagesLookupTakesInOtherApplicationsChangesFirst(Kind kind) {
        try (TestDatabase db = TestDatabase.open(kind, dir)) {
            db.exec(TABLE, "INSERT INTO customers VALUES ('c1', 'Ada', 'Zurich', 10)");
            try (TableRecordStore s = open(db, "urn:a", true)) {
                Instant t = Instant.parse("2026-01-01T00:00:00Z");
                assertThat(s.absorbThenGetAll(List.of("c1", "c9"), t)).containsOnlyKeys("c1");
                long before = s.digest().tick("urn:a");

                db.exec("UPDATE customers SET city = 'Bern' WHERE id = 'c1'",
                        "INSERT INTO customers VALUES ('c9', 'Ivy', 'Oslo', 3)");
                Map<String, Record> read = s.absorbThenGetAll(List.of("c1", "c9", "c5"), t);
                assertThat(read).containsOnlyKeys("c1", "c9");
                assertThat(read.get("c1").payload()).isEqualTo(customer("Ada", "Bern", 10));
                assertThat(read.get("c1").state()).isEqualTo(SyncState.of("urn:a", read.get("c1").state().tick(), t));
                assertThat(s.digest().tick("urn:a")).isEqualTo(before + 2);
                assertThat(s.absorbOutsideChanges(t)).as("the log was emptied").isZero();
            }
        }
    }

    @Test
    void passesBetweenPostgresqlMariadbAndSqliteLeaveEqualTables() {
        try (TestDatabase pg = TestDatabase.open(Kind.POSTGRESQL, dir);
             TestDatabase maria = TestDatabase.open(Kind.MARIADB, dir);
             TestDatabase lite = TestDatabase.open(Kind.SQLITE, dir)) {
            for (TestDatabase db : List.of(pg, maria, lite)) {
                db.exec(TABLE);
            }
            pg.exec("INSERT INTO customers VALUES ('p1', 'Pia', 'Graz', 1)", "INSERT INTO customers VALUES ('p2', 'Pat', NULL, 2)");
            maria.exec("INSERT INTO customers VALUES ('m1', 'Max', 'Linz', 3)");
            try (TableRecordStore a = open(pg, "urn:pg", true); TableRecordStore b = open(maria, "urn:maria", true);
                 TableRecordStore c = open(lite, "urn:lite", true)) {
                RecordCollection ca = new RecordCollection(a, Clock.systemUTC());
                RecordCollection cb = new RecordCollection(b, Clock.systemUTC());
                RecordCollection cc = new RecordCollection(c, Clock.systemUTC());
                lite.exec("INSERT INTO customers VALUES ('l1', 'Lu', 'Pisa', 4)");
                for (int round = 0; round < 2; round++) {
                    pass(ca, cb);
                    pass(cb, cc);
                    pass(cc, cb);
                    pass(cb, ca);
                }
                String q = "SELECT id, name, city, credit FROM customers ORDER BY id";
                assertThat(pg.rows(q)).containsExactly("l1|Lu|Pisa|4", "m1|Max|Linz|3", "p1|Pia|Graz|1", "p2|Pat|null|2");
                assertThat(maria.rows(q)).isEqualTo(pg.rows(q));
                assertThat(lite.rows(q)).isEqualTo(pg.rows(q));
                assertThat(a.digest().sameTicks(b.digest())).isTrue();
                assertThat(c.digest().sameTicks(b.digest())).isTrue();
            }
        }
    }

    @Test
    void anApplicationWhoseSearchPathLacksTheSchemaWritesAndItsChangeIsFound() {
        try (TestDatabase db = TestDatabase.open(Kind.POSTGRESQL, dir)) {
            db.exec(TABLE, "INSERT INTO customers VALUES ('c1', 'Ada', 'Zurich', 10)");
            try (TableRecordStore s = open(db, "urn:a", true)) {
                assertThat(s.usesTriggers()).isTrue();
                // another application names the table with its schema; its session's search path is the default
                TestDatabase.execWithDefaultSearchPath("UPDATE " + db.name() + ".customers SET city = 'Bern'"
                        + " WHERE id = 'c1'");
                TestDatabase.execWithDefaultSearchPath("DELETE FROM " + db.name() + ".customers WHERE id = 'c1'");
                assertThat(s.absorbOutsideChanges(Instant.now())).isEqualTo(1);
                assertThat(s.get("c1").orElseThrow().deleted()).isTrue();
            }
        }
    }

    /**
     * MariaDB takes the (endpoint, tick) index by its endpoint alone for a page that starts deep in a large table, and
     * reads every entry below the page's first tick: the page query names the index so that it reads its range.
     */
    @Test
    void aMariadbPageOfChangesReadsTheRangeOfTheEndpointTickIndex() throws Exception {
        try (TestDatabase db = TestDatabase.open(Kind.MARIADB, dir)) {
            db.exec(TABLE, "INSERT INTO customers SELECT CONCAT('c', LPAD(seq, 4, '0')), 'Ada', 'Zurich', seq"
                    + " FROM seq_0_to_1999");
            try (TableRecordStore s = open(db, "urn:a", true)) {
                assertThat(s.digest().tick("urn:a")).isEqualTo(2000);
                db.exec("ANALYZE TABLE tributary_state_customers"); // statistics as a table settled in has them
                try (java.sql.Connection c = db.connect();
                     java.sql.PreparedStatement q = c.prepareStatement("EXPLAIN " + s.changesSql())) {
                    q.setString(1, "urn:a");
                    q.setLong(2, 1000);
                    q.setLong(3, 2000);
                    q.setInt(4, 100);
                    try (java.sql.ResultSet rs = q.executeQuery()) {
                        assertThat(rs.next()).isTrue();
                        assertThat(rs.getString("table")).isEqualTo("s");
                        assertThat(rs.getString("key")).isEqualTo("tributary_state_customers_change");
                        assertThat(rs.getString("type")).as("access to the states").isEqualTo("range");
                    }
                }
                assertThat(s.changes("urn:a", 1000, 2000, 100)).extracting(r -> r.state().tick())
                        .containsExactlyElementsOf(java.util.stream.LongStream.range(1000, 1100).boxed().toList());
            }
        }
    }

    /**
     * MariaDB's triggers are created or replaced whenever the store opens (a trigger of their names left by an older
     * version gives way), test the session variable in an IF, and stay quiet for the store's own writes on every
     * connection of its pool (the variable is set once per connection) while a session of another application that
     * sets the variable is quiet only while it is set.
     */
    @Test
    void mariadbTriggersAreReplacedWhenTheStoreOpensAgainAndStillTellForeignWritesFromTheStores() throws Exception {
        try (TestDatabase db = TestDatabase.open(Kind.MARIADB, dir)) {
            db.exec(TABLE, "INSERT INTO customers VALUES ('c1', 'Ada', 'Zurich', 10)",
                    "CREATE TRIGGER tributary_log_customers_i AFTER INSERT ON customers FOR EACH ROW SET @stale = 1");
            open(db, "urn:a", true).close();
            try (TableRecordStore s = open(db, "urn:a", true)) {
                assertThat(s.usesTriggers()).isTrue();
                assertThat(db.rows("SELECT trigger_name, action_statement FROM information_schema.triggers"
                        + " WHERE trigger_schema = DATABASE() ORDER BY trigger_name"))
                        .hasSize(3)
                        .allSatisfy(t -> assertThat(t).contains("|IF @tributary_applying IS NULL THEN INSERT INTO"))
                        .extracting(t -> t.substring(0, t.indexOf('|'))).containsExactly("tributary_log_customers_d",
                                "tributary_log_customers_i", "tributary_log_customers_u");

                Instant t = Instant.parse("2026-01-01T00:00:00Z");
                for (int i = 0; i < 3; i++) { // the store's own writes, insert, update and delete: none logged
                    s.commit(List.of(Record.live("c2", SyncState.of("urn:b", 2 * i, t), customer("Bob", "Oslo", i)),
                            Record.tombstone("c" + (5 + i), SyncState.of("urn:b", 2 * i + 1, t))),
                            s.digest().afterChange(SyncState.of("urn:b", 2 * i + 1, t), 3, t), java.util.Set.of());
                    assertThat(db.rows("SELECT count(*) FROM tributary_log_customers")).containsExactly("0");
                    db.exec("INSERT INTO customers VALUES ('c" + (6 + i) + "', 'Cy', 'Rome', 5)");
                    assertThat(s.absorbOutsideChanges(Instant.now())).as("round %d", i).isEqualTo(1);
                }

                try (java.sql.Connection c = db.connect(); java.sql.Statement st = c.createStatement()) {
                    st.execute("SET @tributary_applying = 1");
                    st.execute("UPDATE customers SET city = 'Bern' WHERE id = 'c1'");
                    st.execute("SET @tributary_applying = NULL");
                    st.execute("INSERT INTO customers VALUES ('c3', 'Dee', 'Lima', 7)");
                    st.execute("UPDATE customers SET id = 'c4' WHERE id = 'c2'");
                }
                assertThat(s.absorbOutsideChanges(Instant.now())).as("c3 and c4 new, c2 gone").isEqualTo(3);
                assertThat(s.get("c2").orElseThrow().deleted()).isTrue();
                assertThat(s.get("c4").orElseThrow().payload()).isEqualTo(customer("Bob", "Oslo", 2));
                Record c1 = s.get("c1").orElseThrow();
                assertThat(c1.state()).as("written quietly: no change")
                        .isEqualTo(SyncState.of("urn:a", 0, c1.state().stamp()));
            }
        }
    }

    @Test
    void aTableWithoutAPrimaryKeyIsRefusedInWords() {
        try (TestDatabase db = TestDatabase.open(Kind.SQLITE, dir)) {
            db.exec("CREATE TABLE customers (id VARCHAR(64), name VARCHAR(100))");
            assertThatThrownBy(() -> open(db, "urn:a", true)).isInstanceOf(StoreException.class)
                    .hasMessageContaining("needs a primary key of one column")
                    .hasMessageContaining("--records-key customers=COLUMN");
        }
    }

    /** A table that is not there is named in the user's terms, with its database: not the driver's text. */
    @ParameterizedTest
    @EnumSource(Kind.class)
    void aMissingTableIsSaidToBeMissingFromItsDatabase(Kind kind) {
        try (TestDatabase db = TestDatabase.open(kind, dir)) {
            db.exec("CREATE TABLE other (id VARCHAR(64) PRIMARY KEY)"); // the database exists (an SQLite file too)
            String product = switch (kind) {
                case SQLITE -> "SQLite";
                case POSTGRESQL -> "PostgreSQL";
                case MARIADB -> "MariaDB";
            };
            assertThatThrownBy(() -> open(db, "urn:a", true)).isInstanceOf(StoreException.class)
                    .satisfies(e -> assertThat(e.getMessage())
                            .startsWith("table customers does not exist in " + product + " database ")
                            .contains(kind == Kind.SQLITE ? db.url.substring("jdbc:sqlite:".length()) : "(" + db.url + ")")
                            .doesNotContain("Position").doesNotContain("conn=").doesNotContain("ERROR")
                            .doesNotContain("SQLITE").doesNotContain("relation"));
        }
    }

    /**
     * PostgreSQL's table created quoted in capitals ({@code "Customers"}, as ORMs do), which the plain name
     * {@code customers} never reaches: the refusal says it is there and why it is not served.
     */
    @Test
    void aQuotedTableNameInCapitalsIsNamedInTheRefusal() {
        try (TestDatabase db = TestDatabase.open(Kind.POSTGRESQL, dir)) {
            db.exec("CREATE TABLE \"Customers\" (id VARCHAR(64) PRIMARY KEY)");
            assertThatThrownBy(() -> open(db, "urn:a", true)).isInstanceOf(StoreException.class)
                    .hasMessageStartingWith("table customers does not exist in PostgreSQL database ")
                    .hasMessageContaining("; there is \"Customers\" in schema ")
                    .hasMessageEndingWith("so rename the table to serve it");
        }
    }

    /** MariaDB's table in another database than the URL's: the refusal names that database. */
    @Test
    void aTableInAnotherDatabaseIsNamedInTheRefusal() {
        try (TestDatabase db = TestDatabase.open(Kind.MARIADB, dir);
             TestDatabase other = TestDatabase.open(Kind.MARIADB, dir)) {
            other.exec("CREATE TABLE customers (id VARCHAR(64) PRIMARY KEY)");
            db.exec("CREATE TABLE other (id VARCHAR(64) PRIMARY KEY)");
            assertThatThrownBy(() -> open(db, "urn:a", true)).isInstanceOf(StoreException.class)
                    .hasMessageStartingWith("table customers does not exist in MariaDB database ")
                    .hasMessageContaining("; a table of that name is in database ")
                    .hasMessageContaining(": name it in the URL, jdbc:mariadb://HOST:PORT/");
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aTableWithoutAOneColumnPrimaryKeyIsSyncedByAUniqueNotNullColumnItNames(Kind kind) {
        try (TestDatabase db = TestDatabase.open(kind, dir)) {
            db.exec("CREATE TABLE orders (customer VARCHAR(64) NOT NULL, line INTEGER NOT NULL,"
                            + " order_no VARCHAR(64) NOT NULL, item VARCHAR(100), PRIMARY KEY (customer, line),"
                            + " UNIQUE (order_no))",
                    "INSERT INTO orders VALUES ('c1', 1, 'o-1', 'tea')", "INSERT INTO orders VALUES ('c1', 2, 'o-2', 'milk')");
            TableStoreConfig c = TableStoreConfig.of(db.url, "orders", "urn:a").withKey("order_no");
            try (TableRecordStore s = TableRecordStore.open(c)) {
                assertThat(s.keyColumn()).isEqualToIgnoringCase("order_no");
                assertThat(s.size()).isEqualTo(2);
                assertThat(s.get("o-2").orElseThrow().payload().properties()).containsEntry("item", "milk");
                db.exec("UPDATE orders SET item = 'coffee' WHERE order_no = 'o-1'");
                assertThat(s.absorbOutsideChanges(Instant.now())).isEqualTo(1);
                assertThat(s.get("o-1").orElseThrow().payload().properties()).containsEntry("item", "coffee");
            }
            assertThatThrownBy(() -> TableRecordStore.open(TableStoreConfig.of(db.url, "orders", "urn:a")))
                    .isInstanceOf(StoreException.class).hasMessageContaining("it has [");
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aNamedKeyColumnMustBeUniqueAndNotNull(Kind kind) {
        try (TestDatabase db = TestDatabase.open(kind, dir)) {
            db.exec("CREATE TABLE orders (customer VARCHAR(64) NOT NULL, line INTEGER NOT NULL,"
                    + " order_no VARCHAR(64), ref VARCHAR(64) NOT NULL, note VARCHAR(64) UNIQUE,"
                    + " PRIMARY KEY (customer, line))");
            assertThatThrownBy(() -> TableRecordStore.open(TableStoreConfig.of(db.url, "orders", "urn:a")
                    .withKey("order_no"))).isInstanceOf(StoreException.class).hasMessage("column order_no of table"
                    + " orders cannot be its key: the store keeps one record per key, so a key column that is not the"
                    + " primary key must be unique (a UNIQUE constraint or index on that column alone) and NOT NULL;"
                    + " it is not");
            assertThatThrownBy(() -> TableRecordStore.open(TableStoreConfig.of(db.url, "orders", "urn:a")
                    .withKey("ref"))).isInstanceOf(StoreException.class)
                    .hasMessageEndingWith("must be unique (a UNIQUE constraint or index on that column alone); it is not");
            assertThatThrownBy(() -> TableRecordStore.open(TableStoreConfig.of(db.url, "orders", "urn:a")
                    .withKey("note"))).isInstanceOf(StoreException.class)
                    .hasMessageEndingWith("must be NOT NULL; it is not");
            assertThatThrownBy(() -> TableRecordStore.open(TableStoreConfig.of(db.url, "orders", "urn:a")
                    .withKey("nothing"))).isInstanceOf(StoreException.class)
                    .hasMessageStartingWith("table orders has no key column nothing");
        }
    }

    @Test
    void aServerThatDoesNotAnswerIsNamed() {
        assertThatThrownBy(() -> TableRecordStore.open(TableStoreConfig.of("jdbc:postgresql://127.0.0.1:1/none?user=x",
                "customers", "urn:a"))).isInstanceOf(StoreException.class)
                .hasMessageStartingWith("cannot reach PostgreSQL jdbc:postgresql://127.0.0.1:1/none");
    }

    /**
     * A node whose start fails on a later collection (a misspelt table) removes its new data directory, with the
     * endpoint it made: the tables it registered meanwhile are forgotten, so that the next start, with a new endpoint,
     * serves them (it was refused: "already synced as endpoint" of the removed directory). A table registered before
     * keeps its registration.
     */
    @ParameterizedTest
    @EnumSource(Kind.class)
    void aRegistrationUndoneLetsAnotherEndpointTakeTheTable(Kind kind) {
        try (TestDatabase db = TestDatabase.open(kind, dir)) {
            db.exec(TABLE, "INSERT INTO customers VALUES ('c1', 'Ada', 'Zurich', 10)");
            try (TableRecordStore s = TableRecordStore.open(TableStoreConfig.of(db.url, "customers",
                    "urn:uuid:failed/customers"))) {
                s.forgetIfRegisteredNow();
            }
            try (TableRecordStore s = TableRecordStore.open(TableStoreConfig.of(db.url, "customers",
                    "urn:uuid:next/customers"))) {
                assertThat(s.digest().tick("urn:uuid:next/customers")).isEqualTo(1);
                assertThat(s.digest().tick("urn:uuid:failed/customers")).isZero();
                assertThat(s.get("c1").orElseThrow().state().endpoint()).isEqualTo("urn:uuid:next/customers");
            }
            try (TableRecordStore s = TableRecordStore.open(TableStoreConfig.of(db.url, "customers",
                    "urn:uuid:next/customers"))) {
                s.forgetIfRegisteredNow(); // registered before this open: kept
            }
            assertThatThrownBy(() -> TableRecordStore.open(TableStoreConfig.of(db.url, "customers",
                    "urn:uuid:other/customers"))).isInstanceOf(StoreException.class)
                    .hasMessageContaining("already synced as endpoint urn:uuid:next/customers");
        }
    }

    /** A file that is not a SQLite database: said in words, without the driver's error code. */
    @Test
    void aFileThatIsNotASqliteDatabaseIsNamed() throws Exception {
        Path file = dir.resolve("notes.txt");
        java.nio.file.Files.writeString(file, "hello, this is text and not a database\n".repeat(100));
        assertThatThrownBy(() -> TableRecordStore.open(TableStoreConfig.of("jdbc:sqlite:" + file, "customers",
                "urn:a"))).isInstanceOf(StoreException.class)
                .hasMessage("cannot open SQLite jdbc:sqlite:" + file + " (table customers): File opened that is not a"
                        + " database file");
    }

    @Test
    void aLoginMariaDbRefusesIsSaidWithoutTheDriversConnectionNumber() {
        org.junit.jupiter.api.Assumptions.assumeTrue(TestDatabase.available(TestDatabase.Kind.MARIADB),
                "MariaDB on 127.0.0.1:3306");
        String url = "jdbc:mariadb://127.0.0.1:3306/test?user=tributary_nobody";
        assertThatThrownBy(() -> TableRecordStore.open(TableStoreConfig.of(url, "customers", "urn:a")))
                .isInstanceOf(StoreException.class)
                .hasMessageStartingWith("cannot reach MariaDB " + url + " (table customers): Access denied for user"
                        + " 'tributary_nobody'");
    }

    private static void pass(RecordCollection source, RecordCollection target) {
        SourcePass p = source.startPass(target.digest());
        FeedCursor cursor = FeedCursor.START;
        while (cursor != null) {
            SourcePass.Page page = p.page(cursor, 2);
            assertThat(target.apply(page.page())).isInstanceOf(TargetApplier.Processed.class);
            cursor = page.next();
        }
    }

}
