package dev.tributary.node.records;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;

/**
 * What differs between the databases a {@link TableRecordStore} works on: the upsert statement, the SQL type of a
 * column, the change log's key column, the triggers that fill it, and how the store's own writes keep those triggers
 * quiet. The table's name and the side tables' are plain (letters, digits, underscores; checked by {@link #name}),
 * never quoted, so each database folds them its usual way; the application's column names are quoted ({@link
 * #quote}) as the database reports them, so that a column named {@code order} or {@code "OrderDate"} is written
 * as it is.
 */
enum SqlDialect {
    SQLITE("SQLite") {
        @Override
        String columnType(Connection c, String table, String column) throws SQLException {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA table_info(" + table + ")")) {
                while (rs.next()) {
                    if (rs.getString("name").equalsIgnoreCase(column)) {
                        String t = rs.getString("type");
                        return t == null || t.isBlank() ? "TEXT" : t;
                    }
                }
            }
            throw new SQLException("no column " + column + " in " + table);
        }

        @Override
        String logTable(String log, String keyType) {
            return "CREATE TABLE IF NOT EXISTS " + log + " (seq INTEGER PRIMARY KEY AUTOINCREMENT, k " + keyType + ")";
        }

        /**
         * A table stored in its key's B-tree: a row written is one B-tree entry, not a row under a hidden rowid plus
         * an entry in the key's index (a state table written since; one made before keeps its rowid).
         */
        @Override
        String keyedTable() {
            return " WITHOUT ROWID";
        }

        @Override
        List<String> triggers(String table, String key, String log) {
            String quiet = " WHEN NOT EXISTS (SELECT 1 FROM tributary_applying)";
            return List.of(
                    "CREATE TABLE IF NOT EXISTS tributary_applying (flag INTEGER)",
                    "CREATE TRIGGER IF NOT EXISTS " + log + "_i AFTER INSERT ON " + table + quiet
                            + " BEGIN INSERT INTO " + log + " (k) VALUES (NEW." + key + "); END",
                    "CREATE TRIGGER IF NOT EXISTS " + log + "_u AFTER UPDATE ON " + table + quiet
                            + " BEGIN INSERT INTO " + log + " (k) VALUES (NEW." + key + "); INSERT INTO " + log
                            + " (k) SELECT OLD." + key + " WHERE OLD." + key + " <> NEW." + key + "; END",
                    "CREATE TRIGGER IF NOT EXISTS " + log + "_d AFTER DELETE ON " + table + quiet
                            + " BEGIN INSERT INTO " + log + " (k) VALUES (OLD." + key + "); END");
        }

        @Override
        void quiet(Connection c, boolean on) throws SQLException {
            try (Statement st = c.createStatement()) {
                st.executeUpdate(on ? "INSERT INTO tributary_applying VALUES (1)" : "DELETE FROM tributary_applying");
            }
        }

        @Override
        String onConflictUpdate(String key, List<String> columns) {
            return " ON CONFLICT (" + key + ") DO UPDATE SET " + assignments(columns, "excluded.%s", key);
        }
    },

    POSTGRESQL("PostgreSQL") {
        @Override
        String columnType(Connection c, String table, String column) throws SQLException {
            try (PreparedStatement q = c.prepareStatement("SELECT format_type(a.atttypid, a.atttypmod) FROM pg_attribute a"
                    + " WHERE a.attrelid = to_regclass(?) AND a.attname = ? AND NOT a.attisdropped")) {
                q.setString(1, table);
                q.setString(2, column);
                try (ResultSet rs = q.executeQuery()) {
                    if (rs.next()) {
                        return rs.getString(1);
                    }
                }
            }
            throw new SQLException("no column " + column + " in " + table);
        }

        @Override
        String logTable(String log, String keyType) {
            return "CREATE TABLE IF NOT EXISTS " + log + " (seq BIGSERIAL PRIMARY KEY, k " + keyType + ")";
        }

        @Override
        List<String> triggers(String table, String key, String log) {
            return List.of(
                    "CREATE OR REPLACE FUNCTION " + log + "_f() RETURNS trigger LANGUAGE plpgsql"
                            // the log table is found in the store's schema whatever the writing session's search_path
                            + " SET search_path FROM CURRENT AS $$ BEGIN"
                            + " IF TG_OP <> 'INSERT' THEN INSERT INTO " + log + " (k) VALUES (OLD." + key + "); END IF;"
                            + " IF TG_OP <> 'DELETE' THEN INSERT INTO " + log + " (k) VALUES (NEW." + key + "); END IF;"
                            + " RETURN NULL; END $$",
                    "DROP TRIGGER IF EXISTS " + log + "_t ON " + table,
                    // the store's own writes are left out by the WHEN condition, before any event is queued or the
                    // function called: an initial load of a million rows costs no trigger work at all
                    "CREATE TRIGGER " + log + "_t AFTER INSERT OR UPDATE OR DELETE ON " + table
                            + " FOR EACH ROW WHEN (coalesce(current_setting('tributary.applying', true), '') <> 'on')"
                            + " EXECUTE FUNCTION " + log + "_f()");
        }

        @Override
        void quiet(Connection c, boolean on) throws SQLException {
            try (Statement st = c.createStatement()) {
                // transaction-local: it ends with the commit (or rollback) by itself
                st.execute("SELECT set_config('tributary.applying', '" + (on ? "on" : "") + "', true)");
            }
        }

        @Override
        String onConflictUpdate(String key, List<String> columns) {
            return " ON CONFLICT (" + key + ") DO UPDATE SET " + assignments(columns, "EXCLUDED.%s", key);
        }
    },

    MARIADB("MariaDB") {
        @Override
        String columnType(Connection c, String table, String column) throws SQLException {
            try (PreparedStatement q = c.prepareStatement("SELECT column_type FROM information_schema.columns"
                    + " WHERE table_schema = DATABASE() AND table_name = ? AND column_name = ?")) {
                q.setString(1, table);
                q.setString(2, column);
                try (ResultSet rs = q.executeQuery()) {
                    if (rs.next()) {
                        return rs.getString(1);
                    }
                }
            }
            throw new SQLException("no column " + column + " in " + table);
        }

        @Override
        String logTable(String log, String keyType) {
            return "CREATE TABLE IF NOT EXISTS " + log + " (seq BIGINT AUTO_INCREMENT PRIMARY KEY, k " + keyType + ")";
        }

        /**
         * One trigger per event, each testing the session variable in an IF (not as the filter of an INSERT ...
         * SELECT, a statement run for every changed row even when it selects nothing). CREATE OR REPLACE: reopening a
         * store replaces triggers of these names (an older version's too) each in one statement, the table locked
         * meanwhile, so no write falls between a drop and a create.
         */
        @Override
        List<String> triggers(String table, String key, String log) {
            String head = "CREATE OR REPLACE TRIGGER " + log;
            String when = " FOR EACH ROW IF @tributary_applying IS NULL THEN INSERT INTO " + log + " (k) VALUES (";
            return List.of(
                    head + "_i AFTER INSERT ON " + table + when + "NEW." + key + "); END IF",
                    head + "_u AFTER UPDATE ON " + table + when + "NEW." + key + "); IF OLD." + key + " <> NEW." + key
                            + " THEN INSERT INTO " + log + " (k) VALUES (OLD." + key + "); END IF; END IF",
                    head + "_d AFTER DELETE ON " + table + when + "OLD." + key + "); END IF");
        }

        /** Every connection of the store's pool is quiet from its start ({@link #connectionInit}): nothing to do. */
        @Override
        void quiet(Connection c, boolean on) {
        }

        /**
         * Sets the variable the triggers test once per pooled connection: the store writes the application's table
         * only in its own commits, so its connections are never to be logged, and a commit pays no round trips to
         * set and clear the variable.
         */
        @Override
        String connectionInit() {
            return "SET @tributary_applying = 1";
        }

        /** The (endpoint, tick) index by name: its range, not a walk of all of one endpoint's entries (see super). */
        @Override
        String changeIndexHint(String index) {
            return " FORCE INDEX (" + index + ")";
        }

        @Override
        String quote(String name) {
            return "`" + name.replace("`", "``") + "`";
        }

        @Override
        String onConflictUpdate(String key, List<String> columns) {
            return " ON DUPLICATE KEY UPDATE " + assignments(columns, "VALUES(%s)", key);
        }
    };

    private final String product;

    SqlDialect(String product) {
        this.product = product;
    }

    /** The database's name for users. */
    String product() {
        return product;
    }

    /** The dialect of a JDBC URL ({@code jdbc:sqlite:}, {@code jdbc:postgresql:}, {@code jdbc:mariadb:} or {@code jdbc:mysql:}). */
    static SqlDialect of(String jdbcUrl) {
        String u = jdbcUrl.toLowerCase(Locale.ROOT);
        if (u.startsWith("jdbc:sqlite:")) {
            return SQLITE;
        }
        if (u.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        if (u.startsWith("jdbc:mariadb:") || u.startsWith("jdbc:mysql:")) {
            return MARIADB;
        }
        throw new IllegalArgumentException("not a database Tributary keeps records in: " + jdbcUrl
                + " (jdbc:sqlite:FILE, jdbc:postgresql://HOST/DB or jdbc:mariadb://HOST/DB)");
    }

    /** {@code name} when it is a plain identifier, else an error naming {@code what}. */
    static String name(String name, String what) {
        if (name == null || !name.matches("[A-Za-z_][A-Za-z0-9_]{0,47}")) {
            throw new IllegalArgumentException(what + " must be a plain name (letters, digits, _; at most 48): " + name);
        }
        return name;
    }

    /**
     * {@code name} as a quoted identifier ({@code "name"}; in MariaDB {@code `name`}): a column the application named
     * by a reserved word ({@code order}, {@code select}) or in mixed case ({@code "OrderDate"} in PostgreSQL) is
     * still that column.
     */
    String quote(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    /** The SQL type of {@code table.column} as its DDL spells it. */
    abstract String columnType(Connection c, String table, String column) throws SQLException;

    /** The DDL of the change log, keyed like the table. */
    abstract String logTable(String log, String keyType);

    /**
     * The statements that create the triggers filling {@code log} with the keys of changed rows of {@code table}
     * ({@code key}: the key column, quoted).
     */
    abstract List<String> triggers(String table, String key, String log);

    /** Keeps the triggers quiet for the store's own writes in the current transaction (on), or ends that (off). */
    abstract void quiet(Connection c, boolean on) throws SQLException;

    /**
     * What follows the column list of a side table looked up only by its primary key and indexes (the state table):
     * how the database stores such a table best. None but in SQLite.
     */
    String keyedTable() {
        return "";
    }

    /** The SQL each new connection of the store's pool runs first, or null for none. */
    String connectionInit() {
        return null;
    }

    /**
     * What follows the state table's alias in a page of one endpoint's changes ({@code WHERE endpoint = ? AND tick
     * >= ? AND tick < ? ORDER BY tick LIMIT ?}) so that the database reads the range of the (endpoint, tick) index
     * {@code index} from the page's first tick: none where the database finds that range by itself. MariaDB does not:
     * it takes the index by its endpoint part alone and reads and drops every entry of the endpoint below the first
     * tick, so each page costs more than the one before and a pass over a large table grows with its square.
     */
    String changeIndexHint(String index) {
        return "";
    }

    /** An insert-or-replace of {@code key} and {@code columns} (quoted names) by key. */
    String upsert(String table, String key, List<String> columns) {
        return insert(table, key, columns) + onConflictUpdate(key, columns);
    }

    /**
     * What follows an insert's values to make it an upsert: on a row already under {@code key} (one column, or
     * several separated by commas), its {@code columns} set to the inserted values (none: the key to itself).
     */
    abstract String onConflictUpdate(String key, List<String> columns);

    /** A plain insert of {@code key} and {@code columns} (quoted names, or plain ones of the store's tables). */
    static String insert(String table, String key, List<String> columns) {
        StringBuilder names = new StringBuilder(key);
        StringBuilder marks = new StringBuilder("?");
        for (String c : columns) {
            names.append(", ").append(c);
            marks.append(", ?");
        }
        return "INSERT INTO " + table + " (" + names + ") VALUES (" + marks + ")";
    }

    private static String assignments(List<String> columns, String valueFormat, String key) {
        if (columns.isEmpty()) {
            return key + " = " + String.format(valueFormat, key);
        }
        StringBuilder b = new StringBuilder();
        for (String c : columns) {
            if (b.length() > 0) {
                b.append(", ");
            }
            b.append(c).append(" = ").append(String.format(valueFormat, c));
        }
        return b.toString();
    }
}
