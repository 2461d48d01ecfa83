package dev.tributary.node.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.records.KeyRange;
import dev.tributary.records.verify.Difference;
import dev.tributary.records.verify.VerifyPass;
import dev.tributary.records.verify.VerifyReport;
import dev.tributary.records.verify.VerifySide;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The verify pass over tables keyed by integers: the stores order their keys as numbers (9 before 10), not as text,
 * so a range the pass splits off can run from "8751" to "10001". Such a range is a range, and the one row edited
 * behind the sync is found exactly.
 */
class IntegerKeyVerifyTest {
    @TempDir
    Path dir;

    @Test
    void rangesOrderedAsNumbersAreSplitAndTheEditedRowIsFound() throws Exception {
        Path source = dir.resolve("source.db");
        Path target = dir.resolve("target.db");
        fill(source, 12_000);
        fill(target, 12_000);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + target);
             Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE items SET name = 'edited' WHERE id = 9876");
        }
        TableRecordStore s = TableRecordStore.open(TableStoreConfig.of("jdbc:sqlite:" + source, "items", "urn:s"));
        TableRecordStore t = TableRecordStore.open(TableStoreConfig.of("jdbc:sqlite:" + target, "items", "urn:t"));
        try (s; t) {
            VerifyReport report = new VerifyPass(VerifySide.local(s), VerifySide.local(t), 8, 16).run();

            assertThat(report.differences()).containsExactly(new Difference("9876", Difference.Kind.CHANGED));
        }
    }

    /**
     * A key column that is a number on one side and text on the other: the sides order keys differently, the
     * descent cannot narrow, and the pass says so in words that name that cause among the two it may have.
     */
    @Test
    @Timeout(120) // without the bound the descent's ranges multiplied every round: minutes, not this test's second
    void keysANumberOnOneSideAndTextOnTheOtherAreSaidToBeOrderedDifferently() throws Exception {
        Path source = dir.resolve("source.db");
        Path target = dir.resolve("target.db");
        fill(source, 400);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + target); Statement st = c.createStatement()) {
            st.executeUpdate("CREATE TABLE items (id TEXT PRIMARY KEY, name TEXT NOT NULL)");
            st.executeUpdate("INSERT INTO items WITH RECURSIVE n(v) AS (SELECT 1 UNION ALL SELECT v + 1 FROM n WHERE v < 400)"
                    + " SELECT CAST(v AS TEXT), 'item ' || v FROM n");
        }
        TableRecordStore s = TableRecordStore.open(TableStoreConfig.of("jdbc:sqlite:" + source, "items", "urn:s"));
        TableRecordStore t = TableRecordStore.open(TableStoreConfig.of("jdbc:sqlite:" + target, "items", "urn:t"));
        try (s; t) {
            assertThatThrownBy(() -> new VerifyPass(VerifySide.local(s), VerifySide.local(t), 4, 3).run())
                    .isInstanceOf(java.io.IOException.class)
                    .hasMessageContaining("the two sides order their keys differently (a key column of a number"
                            + " type on one side and of a text type on the other: give both one type)");
        }
    }

    @Test
    void aRangeIsEmptyOnlyWhenItsBoundsAreEqual() {
        assertThat(new KeyRange("8751", "10001").toString()).isEqualTo("[8751, 10001)");
        assertThatThrownBy(() -> new KeyRange("42", "42")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty");
    }

    private static void fill(Path file, int rows) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            try (Statement st = c.createStatement()) {
                st.executeUpdate("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL)");
            }
            c.setAutoCommit(false);
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO items (id, name) VALUES (?, ?)")) {
                for (int i = 1; i <= rows; i++) {
                    ins.setInt(1, i);
                    ins.setString(2, "item " + i);
                    ins.addBatch();
                }
                ins.executeBatch();
            }
            c.commit();
        }
    }
}
