package dev.tributary.node.records;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.tributary.store.StoreException;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The connection pool of one table store (HikariCP, at most four connections), set up for its database: values
 * bound as text and cast by PostgreSQL, bulk upserts in MariaDB, WAL in SQLite. Names the database and table in
 * every failure it builds, so that a user reads which of several collections failed.
 */
final class TablePool implements AutoCloseable {
    private final TableStoreConfig config;
    private final SqlDialect dialect;
    private final HikariDataSource pool;

    private TablePool(TableStoreConfig config, SqlDialect dialect, HikariDataSource pool) {
        this.config = config;
        this.dialect = dialect;
        this.pool = pool;
    }

    /**
     * Opens the pool, reaching the database once.
     *
     * @throws StoreException when the database cannot be reached, naming it
     */
    static TablePool open(TableStoreConfig config, SqlDialect dialect) {
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(config.jdbcUrl());
        if (config.user() != null) {
            hc.setUsername(config.user());
        }
        if (config.password() != null) {
            hc.setPassword(config.password());
        }
        hc.setPoolName("tributary-records-" + config.collection());
        hc.setMaximumPoolSize(4);
        hc.setConnectionTimeout(10_000);
        // a database that refuses or does not answer is said within about 3 s (it was 12 s of silence)
        hc.setInitializationFailTimeout(3_000);
        if (dialect == SqlDialect.POSTGRESQL) {
            // bind every value as text and let PostgreSQL cast it to the column's type
            hc.addDataSourceProperty("stringtype", "unspecified");
            hc.addDataSourceProperty("reWriteBatchedInserts", "true");
            // A plan for the values at hand on every execution: the driver prepares a statement on the server after
            // a few runs, and PostgreSQL may then settle on a generic plan costed while the store's tables were
            // empty (a page's key lookup that scans the whole table, seconds per page, once the table is large).
            // No parallel workers: the store's statements read a page (a few thousand rows by index) at a time, and
            // PostgreSQL planned a source's page read as a Gather Merge of two workers, which took 4 to 5 times as
            // long on a busy 2-core machine (380 to 750 ms a page of 5,000 at 200,000 rows, 70 to 160 ms without)
            // and three processes' CPU from the target's writes and the rest of the pass.
            // Each in a block of its own, which shrugs off a server too old to know the setting.
            hc.setConnectionInitSql("DO $$ BEGIN"
                    + " BEGIN SET max_parallel_workers_per_gather = 0; EXCEPTION WHEN OTHERS THEN NULL; END;"
                    + " BEGIN SET plan_cache_mode = force_custom_plan; EXCEPTION WHEN OTHERS THEN NULL; END;"
                    + " END $$");
        } else if (dialect == SqlDialect.MARIADB) {
            // a batch of upserts in one COM_STMT_BULK_EXECUTE (the driver's default does so for plain INSERTs only);
            // the store reads no per-statement update counts from its batches
            hc.addDataSourceProperty("useBulkStmts", "true");
            // the triggers' session variable, set once per connection: the store's writes are never logged
            hc.setConnectionInitSql(dialect.connectionInit());
        } else if (dialect == SqlDialect.SQLITE) {
            // pragmas per connection (sqlite-jdbc reads them from the driver properties): WAL with NORMAL
            // synchronization keeps a commit atomic and durable across a crash of the process
            hc.addDataSourceProperty("journal_mode", "WAL");
            hc.addDataSourceProperty("synchronous", "NORMAL");
            hc.addDataSourceProperty("busy_timeout", "30000");
        }
        try {
            return new TablePool(config, dialect, new HikariDataSource(hc));
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            // MariaDB's driver starts its messages with its connection's number: "(conn=275) Access denied ..."
            String said = String.valueOf(cause.getMessage()).replaceFirst("^\\(conn=\\d+\\)\\s*", "");
            if (dialect == SqlDialect.SQLITE) {
                // a file, not a server: sqlite-jdbc's code ("[SQLITE_NOTADB] File opened that is not a database
                // file (file is not a database)") says nothing more than its words
                said = said.replaceFirst("^\\[SQLITE_\\w+\\]\\s*", "").replaceFirst("\\s*\\([^()]*\\)$", "");
                throw new StoreException("cannot open " + where(config, dialect) + ": " + said, e);
            }
            throw new StoreException("cannot reach " + where(config, dialect) + ": " + said, e);
        }
    }

    /** A connection from the pool, to be closed (returned) by the caller. */
    Connection connection() throws SQLException {
        return pool.getConnection();
    }

    SqlDialect dialect() {
        return dialect;
    }

    TableStoreConfig config() {
        return config;
    }

    /** The database and table, as a user names them: {@code PostgreSQL jdbc:... (table T)}. */
    String where() {
        return where(config, dialect);
    }

    static String where(TableStoreConfig config, SqlDialect dialect) {
        return dialect.product() + " " + config.shownUrl() + " (table " + config.table() + ")";
    }

    /**
     * The database as a user names it: {@code SQLite database /data/app.db}, {@code PostgreSQL database shop, schema
     * public (jdbc:postgresql://db:5432/shop)}, {@code MariaDB database shop (jdbc:mariadb://db:3306/shop)}; the
     * database and schema are those {@code c} is connected to, when the driver says.
     */
    static String database(TableStoreConfig config, SqlDialect dialect, Connection c) {
        java.nio.file.Path file = config.sqliteFile();
        if (file != null) {
            return dialect.product() + " database " + file.toAbsolutePath();
        }
        String name = null;
        String schema = null;
        try {
            name = c.getCatalog();
            schema = dialect == SqlDialect.POSTGRESQL ? c.getSchema() : null;
        } catch (SQLException e) {
            // the URL alone names it then
        }
        return dialect.product() + " database" + (name != null && !name.isEmpty() ? " " + name : "")
                + (schema != null && !schema.isEmpty() ? ", schema " + schema : "") + " (" + config.shownUrl() + ")";
    }

    /**
     * The failure of {@code doing}, naming the database and table and what the database said (on one line, without
     * the driver's connection number). A value the table's column cannot take (a timestamp with its zone into a
     * MariaDB {@code DATETIME}, text into a number) is said to be one, with what to do about it; a table gone (dropped
     * under the running node) is said to want a restart.
     */
    StoreException failed(String doing, SQLException e) {
        SQLException said = SqlFailures.firstOfBatch(e);
        String message = String.valueOf(said.getMessage()).replaceFirst("^\\(conn=\\d+\\)\\s*", "")
                .replaceAll("\\s*\\R\\s*", "; ").strip();
        if (SqlFailures.isRefusedValue(said)) {
            return new StoreException(where() + ": " + doing + " failed: the table refused a value sent to it: "
                    + message + ". Values travel as the text each database prints them in: the two sides' columns"
                    + " must be of types that read each other's text (see docs/records.md, Tables as collections)", e);
        }
        if (SqlFailures.isMissingTable(said)) {
            // the node made its side tables at start: they (or the table) were dropped since, under it
            return new StoreException(where() + ": " + doing + " failed: " + message + ". The table or the side"
                    + " tables the node made for it at start were dropped while it runs: restart the node, which"
                    + " makes them again", e);
        }
        return new StoreException(where() + ": " + doing + " failed: " + message, e);
    }

    @Override
    public void close() {
        pool.close();
    }
}
