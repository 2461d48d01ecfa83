package dev.tributary.node.records;

import dev.tributary.records.Payload;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * An application table as a table store maps it to records: the key column (a record's uuid, as text), the payload
 * columns in table order (a payload's properties, matched to columns in any letter case), and the hash of a
 * payload's values by which the store tells a row's real change from a rewrite of the same content. Immutable.
 *
 * <p>A binary column's value (PostgreSQL's {@code bytea}, a {@code BLOB}, a {@code VARBINARY}) travels as its bytes
 * in hex after {@code \x}, as PostgreSQL prints a {@code bytea} ({@code \x00ff10}): any bytes, a zero or bytes that
 * are no UTF-8 included, arrive as they were on every database ({@link JdbcValues#bytes}). A PostgreSQL
 * {@code boolean} travels as {@code 1} or {@code 0}, as MariaDB and SQLite print theirs (a {@code TINYINT}, an
 * {@code INTEGER}) and as all three read into their own: PostgreSQL's {@code t} was refused by MariaDB.
 */
final class TableColumns {
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });

    private final String table;
    private final String key;
    private final List<String> columns;
    private final String kind;
    private final UnaryOperator<String> quote;
    private final Form[] forms;

    /** How a column's values travel. */
    enum Form {
        /** As the text the database prints. */
        TEXT,
        /** As {@code \x} and the hex of its bytes. */
        BYTES,
        /** A PostgreSQL boolean: as {@code 1} or {@code 0}. */
        BOOLEAN
    }

    /**
     * @param table   the table, as the database names it
     * @param key     its key column
     * @param columns its other columns, in table order
     * @param forms   how the values of those of its columns that do not travel as text travel
     * @param kind    the payloads' element name
     * @param quote   a column name as the database's quoted identifier ({@link SqlDialect#quote})
     */
    TableColumns(String table, String key, List<String> columns, Map<String, Form> forms, String kind,
                 UnaryOperator<String> quote) {
        this.table = table;
        this.key = key;
        this.columns = List.copyOf(columns);
        this.forms = new Form[columns.size()];
        for (int i = 0; i < this.forms.length; i++) {
            this.forms[i] = forms.getOrDefault(columns.get(i), Form.TEXT);
        }
        this.kind = kind;
        this.quote = quote;
    }

    /** Whether payload column {@code index} (of {@link #columns}) holds bytes: its values are {@code \x} and hex. */
    boolean binary(int index) {
        return forms[index] == Form.BYTES;
    }

    /** The key column as a quoted identifier, for SQL. */
    String quotedKey() {
        return quote.apply(key);
    }

    /** {@code column} as a quoted identifier, for SQL. */
    String quoted(String column) {
        return quote.apply(column);
    }

    String table() {
        return table;
    }

    String key() {
        return key;
    }

    /** The payload columns, in table order, as the database names them (unquoted). */
    List<String> columns() {
        return columns;
    }

    /** {@code SELECT t.KEY, t.COLUMN...}: a row's key, then its payload from result column 2 on. */
    String selectColumns() {
        StringBuilder sel = new StringBuilder("SELECT t." + quotedKey());
        columns.forEach(col -> sel.append(", t.").append(quoted(col)));
        return sel.toString();
    }

    /** {@link #selectColumns} {@code FROM TABLE t}. */
    String selectRows() {
        return selectColumns() + " FROM " + table + " t";
    }

    /** The payload of the columns starting at result column {@code first}. */
    Payload payload(ResultSet rs, int first) throws SQLException {
        Map<String, String> props = new LinkedHashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            props.put(columns.get(i), switch (forms[i]) {
                case TEXT -> rs.getString(first + i);
                case BYTES -> JdbcValues.hex(rs.getBytes(first + i));
                case BOOLEAN -> {
                    boolean b = rs.getBoolean(first + i);
                    yield rs.wasNull() ? null : b ? "1" : "0";
                }
            });
        }
        return Payload.of(kind, props);
    }

    /** The table's columns that {@code p} has a property for, in table order. */
    List<String> writable(Payload p) {
        if (p.properties().size() == columns.size() && p.properties().keySet().containsAll(columns)) {
            return columns; // the usual payload: every column, named as the table names it
        }
        List<String> out = new ArrayList<>();
        Set<String> names = lowerKeys(p).keySet();
        for (String col : columns) {
            if (names.contains(col.toLowerCase(Locale.ROOT))) {
                out.add(col);
            }
        }
        return out;
    }

    /**
     * The payload's values of the table's columns, in table order (null where it has none or a nil): property names
     * match column names in any letter case.
     */
    String[] values(Payload p) {
        Map<String, String> props = p.properties();
        String[] out = new String[columns.size()];
        Map<String, String> lower = null;
        for (int i = 0; i < out.length; i++) {
            String col = columns.get(i);
            String v = props.get(col);
            if (v == null && !props.containsKey(col)) {
                if (lower == null) {
                    lower = lowerKeys(p);
                }
                v = lower.get(col.toLowerCase(Locale.ROOT));
            }
            out[i] = v;
        }
        return out;
    }

    /**
     * A hash of the payload's values of this table's columns (the first 8 bytes of a SHA-256 over each value, nil
     * or UTF-8, with separators), for change detection: stored with each row's sync state.
     */
    long hash(Payload p) {
        MessageDigest md = SHA256.get();
        md.reset();
        for (String v : values(p)) {
            if (v == null) {
                md.update((byte) 0);
            } else {
                md.update((byte) 1);
                md.update(v.getBytes(StandardCharsets.UTF_8));
            }
            md.update((byte) 0x1f);
        }
        byte[] h = md.digest();
        long out = 0;
        for (int i = 0; i < 8; i++) {
            out = out << 8 | (h[i] & 0xff);
        }
        return out;
    }

    private static Map<String, String> lowerKeys(Payload p) {
        Map<String, String> out = new HashMap<>();
        p.properties().forEach((k, v) -> out.put(k.toLowerCase(Locale.ROOT), v));
        return out;
    }
}
