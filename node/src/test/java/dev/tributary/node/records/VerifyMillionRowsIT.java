package dev.tributary.node.records;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.records.verify.Difference;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The verify pass at scale: two SQLite tables of 1,000,000 rows of about 200 bytes, in sync, and one row edited on
 * the target behind the sync's back (with the triggers quiet, as a restore or a bulk tool writing around them would:
 * no log entry, no new sync state, so no digest sees it and an ordinary pass sends nothing). The verify finds exactly
 * that row in a number of round trips that grows with the logarithm of the table size, and the repair sends exactly
 * that one row. Rows: {@code -Drecords.verify.rows=N} (default 1,000,000).
 */
class VerifyMillionRowsIT {
    private static final String TOKEN = "t";
    private static final String SOURCE = "urn:tributary:source";
    private static final String TARGET = "urn:tributary:target";

    @TempDir
    Path dir;

    @Test
    void oneRowEditedBehindTheSyncIsFoundAndRepairedInAMillion() throws Exception {
        int rows = Integer.getInteger("records.verify.rows", 1_000_000);
        Path sourceFile = dir.resolve("source.db");
        Path targetFile = dir.resolve("target.db");
        long t0 = System.nanoTime();
        fill(sourceFile, rows);
        // the source takes its rows in as its own changes (ticks 0 .. rows-1)
        TableRecordStore.open(TableStoreConfig.of("jdbc:sqlite:" + sourceFile, "customers", SOURCE)).close();
        // the target as a full pass leaves it: the same rows and sync states, the source's ticks in its digest
        Files.copy(sourceFile, targetFile);
        becomeTarget(targetFile);
        long t1 = System.nanoTime();
        String edited = String.format("c%07d", rows * 2 / 3 + 7);
        HttpClient http = HttpClient.newHttpClient();
        RecordsConfig config = new RecordsConfig(TOKEN, 1000, 64 << 20, 8);
        try (RecordNodes nodes = new RecordNodes(dir)) {
            TableRecordStore sourceStore = TableRecordStore.open(TableStoreConfig.of("jdbc:sqlite:" + sourceFile,
                    "customers", SOURCE));
            TableRecordStore targetStore = TableRecordStore.open(TableStoreConfig.of("jdbc:sqlite:" + targetFile,
                    "customers", TARGET));
            URI source = nodes.serve("source", sourceStore, config);
            URI target = nodes.serve("target", targetStore, config);
            assertThat(sourceStore.digest().tick(SOURCE)).isEqualTo(rows);
            assertThat(targetStore.digest().sameTicks(sourceStore.digest())).isTrue();

            behindTheSync(targetFile, "UPDATE customers SET city = 'Edited behind the sync' WHERE id = '" + edited + "'");
            RecordsSync.Result ordinary = RecordsSync.run(http, new RecordsSync.Options(source, target, null, true,
                    "ordinary", TOKEN, TOKEN), (from, to) -> new HttpSyncPass.Listener() {
                    });
            assertThat(ordinary.entries()).as("an ordinary sync does not see the edit").isZero();

            long t2 = System.nanoTime();
            RecordsVerify.Result verify = RecordsVerify.run(http, new RecordsVerify.Options(source, target, true, TOKEN,
                    TOKEN));
            long t3 = System.nanoTime();

            assertThat(verify.report().differences()).containsExactly(new Difference(edited, Difference.Kind.CHANGED));
            // parts of 16 and listing at 256 rows: ceil(log16(rows / 256)) splits, then a listing; two trips a round
            int rounds = (int) Math.ceil(Math.log((double) rows / 256) / Math.log(16)) + 1;
            assertThat(verify.report().rounds()).isLessThanOrEqualTo(rounds);
            assertThat(verify.report().roundTrips()).isEqualTo(2 * verify.report().rounds());
            assertThat(verify.reissued()).isEqualTo(1);
            assertThat(verify.sent()).isEqualTo(1);
            assertThat(verify.repaired()).isEqualTo(1);
            assertThat(value(targetFile, "SELECT city FROM customers WHERE id = '" + edited + "'"))
                    .isEqualTo(value(sourceFile, "SELECT city FROM customers WHERE id = '" + edited + "'"));
            RecordsVerify.Result again = RecordsVerify.run(http, new RecordsVerify.Options(source, target, false, TOKEN,
                    TOKEN));
            assertThat(again.report().differences()).isEmpty();
            assertThat(again.inSync()).isTrue();
            System.out.printf("verify of %d rows: setup %.1f s; %s%nverify again: %s%n", rows, (t1 - t0) / 1e9,
                    verify.line(), again.line());
            System.out.printf("verify and repair took %.1f s%n", (t3 - t2) / 1e9);
        }
    }

    /** The application's table with {@code rows} rows of about 200 bytes, filled by SQLite itself. */
    private static void fill(Path file, int rows) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE customers (id VARCHAR(16) PRIMARY KEY, name VARCHAR(100), city VARCHAR(60),"
                    + " note VARCHAR(200), qty INTEGER)");
            st.execute("WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < " + (rows - 1) + ")"
                    + " INSERT INTO customers SELECT printf('c%07d', i), 'Customer number ' || i, 'City ' || (i % 997),"
                    + " 'A note of about one hundred and twenty characters, the same for every row but its number, "
                    + "which ends it: ' || i, i % 1000 FROM n");
        }
    }

    /** Makes a copy of the source's file the target's: its own endpoint, the source's ticks in its digest. */
    private static void becomeTarget(Path file) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.execute("UPDATE tributary_collection SET endpoint = '" + TARGET + "'");
            st.execute("UPDATE tributary_digest SET position = position + 1");
            st.execute("INSERT INTO tributary_digest VALUES ('customers', 0, '" + TARGET + "', 0, NULL, 5)");
            st.execute("UPDATE tributary_origin SET origin = '" + TARGET + "'");
            c.commit();
        }
    }

    /** Runs {@code sql} with the store's triggers quiet: a write no log records and no digest sees. */
    private static void behindTheSync(Path file, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.execute("INSERT INTO tributary_applying VALUES (1)");
            assertThat(st.executeUpdate(sql)).isEqualTo(1);
            st.execute("DELETE FROM tributary_applying");
            c.commit();
        }
    }

    private static String value(Path file, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

}
