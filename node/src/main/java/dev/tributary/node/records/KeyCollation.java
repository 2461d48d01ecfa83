package dev.tributary.node.records;

import static dev.tributary.node.records.JdbcValues.marks;

import dev.tributary.records.Record;
import dev.tributary.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A MariaDB key column whose collation compares different keys as equal: its default collations ignore case
 * ({@code utf8mb4_general_ci}: {@code Zoë} = {@code zoë}), and even {@code utf8mb4_bin} ignores trailing spaces
 * ({@code 'a b'} = {@code 'a b '}). Such a table holds one row where the other side holds two, and a page writing
 * both would silently keep one. After a page's rows are written, {@link #checkDistinct} finds each of its upserted
 * keys as itself, else refuses the page (rolled back) in words naming both keys and the collation that makes them
 * one, with the statement that gives the column a collation telling every key apart ({@code CHARSET_nopad_bin}).
 * Rows written by plain inserts need no check: a key the column holds as one already there fails the insert.
 */
final class KeyCollation {
    private static final int CHUNK = 1000;

    private final TableColumns table;
    private final String collation;
    private final String columnType;

    private KeyCollation(TableColumns table, String collation, String columnType) {
        this.table = table;
        this.collation = collation;
        this.columnType = columnType;
    }

    /** The key column's collation when it may fold keys together, else null (a number, a binary or nopad_bin key). */
    static KeyCollation of(Connection c, TableColumns table, String columnType) throws SQLException {
        String collation = collationOf(c, table.table(), table.key());
        if (collation == null || collation.equals("binary") || collation.endsWith("_nopad_bin")) {
            return null;
        }
        return new KeyCollation(table, collation, columnType);
    }

    /** The collation of MariaDB column {@code table.column}, or null for a column that is no text. */
    static String collationOf(Connection c, String table, String column) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT collation_name FROM information_schema.columns"
                + " WHERE table_schema = DATABASE() AND table_name = ? AND column_name = ?")) {
            q.setString(1, table);
            q.setString(2, column);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /**
     * Gives the key column {@code k} of a side table ({@code tributary_state_T}, {@code tributary_log_T}) the key
     * column's collation when it has another (the database's default when it was created, or the key column's before
     * the application changed it): else the side table would hold as one the keys the table tells apart.
     */
    static void align(Connection c, String sideTable, String keyType, String collation, boolean notNull)
            throws SQLException {
        if (collation == null || collation.equals(collationOf(c, sideTable, "k"))) {
            return;
        }
        try (java.sql.Statement st = c.createStatement()) {
            st.execute("ALTER TABLE " + sideTable + " MODIFY k " + keyType + (notNull ? " NOT NULL" : ""));
        }
    }

    /**
     * Checks, inside the page's transaction and after its rows were written, that each live record's key names a
     * row of its own.
     *
     * @throws StoreException naming two keys the column holds as one, and what to change
     */
    void checkDistinct(Connection c, List<Record> records, String where) throws SQLException {
        Set<String> keys = new LinkedHashSet<>();
        for (Record r : records) {
            if (!r.deleted()) {
                keys.add(r.uuid());
            }
        }
        List<String> all = new ArrayList<>(keys);
        Set<String> found = new HashSet<>();
        for (int from = 0; from < all.size(); from += CHUNK) {
            List<String> chunk = all.subList(from, Math.min(all.size(), from + CHUNK));
            try (PreparedStatement q = c.prepareStatement("SELECT t." + table.quotedKey() + " FROM " + table.table()
                    + " t WHERE t." + table.quotedKey() + " IN (" + marks(chunk.size()) + ")")) {
                for (int i = 0; i < chunk.size(); i++) {
                    q.setString(i + 1, chunk.get(i));
                }
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        found.add(rs.getString(1));
                    }
                }
            }
        }
        for (String k : all) {
            if (!found.contains(k)) {
                throw new StoreException(folded(c, k, where));
            }
        }
    }

    private String folded(Connection c, String key, String where) throws SQLException {
        String other = null;
        try (PreparedStatement q = c.prepareStatement("SELECT t." + table.quotedKey() + " FROM " + table.table()
                + " t WHERE t." + table.quotedKey() + " = ?")) {
            q.setString(1, key);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next() && (other == null || other.equals(key))) {
                    other = rs.getString(1);
                }
            }
        }
        String charset = collation.contains("_") ? collation.substring(0, collation.indexOf('_')) : collation;
        return where + ": the other side has rows under the keys '" + key + "' and '" + other + "', which key column "
                + table.key() + " holds as one (its collation " + collation + " compares them as equal, ignoring"
                + " letter case, accents or trailing spaces): one row would overwrite the other, so nothing of the"
                + " page was written. Give the column a collation that tells every key apart: ALTER TABLE "
                + table.table() + " MODIFY " + table.quotedKey() + " " + columnType + " COLLATE " + charset
                + "_nopad_bin NOT NULL";
    }
}
