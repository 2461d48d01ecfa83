package dev.tributary.node.records;

import dev.tributary.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads from a database what a table store needs to know of an application's table before it can sync it: its
 * columns, which one is the key (the primary key of one column, or a column the configuration names that is
 * unique alone and NOT NULL), and the key's SQL type. A table unfit to be synced is refused in words that say
 * what to change.
 */
final class TableIntrospection {
    private TableIntrospection() {
    }

    /**
     * The table's key and payload columns.
     *
     * @throws StoreException when the table has no usable key, or lacks the key column the configuration names
     */
    static TableColumns columns(Connection c, TableStoreConfig config, SqlDialect dialect) throws SQLException {
        String table = dialect == SqlDialect.POSTGRESQL ? config.table().toLowerCase(Locale.ROOT) : config.table();
        Map<String, TableColumns.Form> forms = new HashMap<>();
        List<String> all = columnsOf(c, table, config, dialect, forms);
        String key = config.key() != null ? namedKey(c, table, all, config, dialect) : primaryKey(c, table, config);
        List<String> rest = new ArrayList<>(all);
        rest.remove(key);
        forms.remove(key);
        return new TableColumns(table, key, rest, forms, config.kind(), dialect::quote);
    }

    /**
     * The key column's type in PostgreSQL without its length or precision (format_type with no modifier: {@code
     * character varying}, {@code bpchar}, {@code numeric}): what a key in text is cast to, a cast that never shortens
     * or rounds a key.
     */
    static String pgTypeWithoutModifier(Connection c, TableColumns table) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT format_type(a.atttypid, NULL) FROM pg_attribute a"
                + " WHERE a.attrelid = to_regclass(?) AND a.attname = ? AND NOT a.attisdropped")) {
            q.setString(1, table.table());
            q.setString(2, table.key());
            try (ResultSet rs = q.executeQuery()) {
                if (rs.next()) {
                    return rs.getString(1);
                }
            }
        }
        throw new SQLException("no column " + table.key() + " in " + table.table());
    }

    /**
     * @throws StoreException {@code table T does not exist in DATABASE} when it does not, in the user's terms rather
     *     than the driver's ({@code Position: 15}, {@code (conn=769)})
     */
    private static List<String> columnsOf(Connection c, String table, TableStoreConfig config, SqlDialect dialect,
                                          Map<String, TableColumns.Form> forms) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT * FROM " + table + " WHERE 1 = 0")) {
            ResultSetMetaData md = rs.getMetaData();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                out.add(md.getColumnName(i));
                if (isBinary(md.getColumnType(i))) {
                    forms.put(md.getColumnName(i), TableColumns.Form.BYTES);
                } else if (dialect == SqlDialect.POSTGRESQL && "bool".equals(md.getColumnTypeName(i))) {
                    forms.put(md.getColumnName(i), TableColumns.Form.BOOLEAN);
                }
            }
        } catch (SQLException e) {
            if (SqlFailures.isMissingTable(e)) {
                throw new StoreException("table " + config.table() + " does not exist in "
                        + TablePool.database(config, dialect, c) + elsewhere(c, config.table(), dialect), e);
            }
            // SQLite's "[SQLITE_ERROR] SQL error or missing database (no such table: t)": what is in parentheses
            throw new SQLException("cannot read table " + table + ": " + e.getMessage()
                    .replaceFirst("^\\[SQLITE_\\w+][^(]*\\((.*)\\)$", "$1"), e);
        }
        return out;
    }

    /**
     * Where a table of {@code table}'s name is, when not where the URL looks (another schema or database, or
     * PostgreSQL's quoted name in capitals, which a plain name never reaches): {@code "; a table of that name is in
     * schema shop: ..."}, or an empty text when there is none (or the database cannot say: SQLite has no other place).
     */
    static String elsewhere(Connection c, String table, SqlDialect dialect) {
        if (dialect == SqlDialect.SQLITE) {
            return "";
        }
        boolean pg = dialect == SqlDialect.POSTGRESQL;
        String system = pg ? "'pg_catalog', 'information_schema'"
                : "'mysql', 'information_schema', 'performance_schema', 'sys'";
        // the URL's own schema (or database) first: a name in capitals there is likelier the one meant
        try (PreparedStatement q = c.prepareStatement("SELECT table_schema, table_name FROM information_schema.tables"
                + " WHERE lower(table_name) = lower(?) AND table_schema NOT IN (" + system + ")"
                + " ORDER BY CASE WHEN table_schema = " + (pg ? "current_schema()" : "database()")
                + " THEN 0 ELSE 1 END, table_schema, table_name LIMIT 1")) {
            q.setString(1, table);
            try (ResultSet rs = q.executeQuery()) {
                if (!rs.next()) {
                    return "";
                }
                String schema = rs.getString(1);
                String name = rs.getString(2);
                if (pg && !name.equals(name.toLowerCase(Locale.ROOT))) {
                    return "; there is \"" + name + "\" in schema " + schema + ", a quoted name with capitals:"
                            + " Tributary names a table plainly, and PostgreSQL reads a plain name in lower case ("
                            + name.toLowerCase(Locale.ROOT) + "), so rename the table to serve it";
                }
                return pg
                        ? "; a table of that name is in schema " + schema + ": name it in the URL, ?currentSchema="
                                + schema
                        : "; a table of that name is in database " + schema + ": name it in the URL,"
                                + " jdbc:mariadb://HOST:PORT/" + schema;
            }
        } catch (SQLException e) {
            return ""; // no hint, the failure is said without it
        }
    }

    /** Whether a column of JDBC type {@code type} holds bytes (PostgreSQL's bytea, a BLOB, a VARBINARY). */
    private static boolean isBinary(int type) {
        return type == Types.BINARY || type == Types.VARBINARY || type == Types.LONGVARBINARY || type == Types.BLOB;
    }

    private static String match(List<String> columns, String name, String what, TableStoreConfig config) {
        for (String c : columns) {
            if (c.equalsIgnoreCase(name)) {
                return c;
            }
        }
        throw new StoreException("table " + config.table() + " has no " + what + " " + name + " (columns: " + columns + ")");
    }

    private static List<String> primaryKeys(Connection c, String table) throws SQLException {
        List<String> keys = new ArrayList<>();
        try (ResultSet rs = c.getMetaData().getPrimaryKeys(c.getCatalog(), c.getSchema(), table)) {
            while (rs.next()) {
                keys.add(rs.getString("COLUMN_NAME"));
            }
        }
        return keys;
    }

    private static String primaryKey(Connection c, String table, TableStoreConfig config) throws SQLException {
        List<String> keys = primaryKeys(c, table);
        if (keys.size() != 1) {
            throw new StoreException("table " + config.table() + " needs a primary key of one column to be synced ("
                    + (keys.isEmpty() ? "it has none" : "it has " + keys) + "); name a unique, NOT NULL column as"
                    + " its key (tributary node: --records-key " + config.table() + "=COLUMN)");
        }
        return keys.get(0);
    }

    /**
     * The key column the configuration names: the table's primary key of one column, or a column that is NOT NULL and
     * unique by a constraint or index of its own (the store keeps one record per key, keyed by that column alone).
     */
    private static String namedKey(Connection c, String table, List<String> all, TableStoreConfig config,
                                   SqlDialect dialect) throws SQLException {
        String key = match(all, config.key(), "key column", config);
        List<String> primary = primaryKeys(c, table);
        if (primary.size() == 1 && primary.get(0).equalsIgnoreCase(key)) {
            return key;
        }
        List<String> missing = new ArrayList<>();
        if (!uniqueAlone(c, table, key)) {
            missing.add("unique (a UNIQUE constraint or index on that column alone)");
        }
        if (!notNull(c, table, dialect.quote(key))) {
            missing.add("NOT NULL");
        }
        if (!missing.isEmpty()) {
            throw new StoreException("column " + key + " of table " + config.table() + " cannot be its key: the"
                    + " store keeps one record per key, so a key column that is not the primary key must be "
                    + String.join(" and ", missing) + "; it is not");
        }
        return key;
    }

    /** Whether a unique index covers {@code column} and no other column. */
    private static boolean uniqueAlone(Connection c, String table, String column) throws SQLException {
        Map<String, List<String>> indexes = new HashMap<>();
        try (ResultSet rs = c.getMetaData().getIndexInfo(c.getCatalog(), c.getSchema(), table, true, false)) {
            while (rs.next()) {
                String name = rs.getString("INDEX_NAME");
                String col = rs.getString("COLUMN_NAME");
                if (name != null && col != null && !rs.getBoolean("NON_UNIQUE")) {
                    indexes.computeIfAbsent(name, n -> new ArrayList<>()).add(col);
                }
            }
        }
        return indexes.values().stream().anyMatch(cols -> cols.size() == 1 && cols.get(0).equalsIgnoreCase(column));
    }

    private static boolean notNull(Connection c, String table, String column) throws SQLException {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT " + column + " FROM " + table + " WHERE 1 = 0")) {
            return rs.getMetaData().isNullable(1) == ResultSetMetaData.columnNoNulls;
        }
    }
}
