package dev.tributary.node.records;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.tributary.records.Digest;
import dev.tributary.records.DigestEntry;
import dev.tributary.records.Payload;
import dev.tributary.records.Record;
import dev.tributary.records.RecordStore;
import dev.tributary.records.SyncState;
import dev.tributary.store.StoreException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A {@link RecordStore} over an application's own table in PostgreSQL, MariaDB or SQLite (through JDBC and a HikariCP
 * pool): each row is a record, its primary key (as text) the record's uuid, its other columns the payload's
 * properties (as the text the database prints them in; SQL NULL is a nil property). The store creates, beside the
 * table:
 *
 * <pre>
 *  tributary_state_T(k PK, endpoint, tick, stamp, usr, deleted, hash)  the sync state of each row (and of deleted
 *                                                                       rows: tombstones); index (endpoint, tick)
 *  tributary_log_T(seq, k)                                              keys of rows other applications changed,
 *                                                                       filled by triggers on T
 *  tributary_collection, tributary_digest, tributary_origin             the collection's endpoint and digest
 * </pre>
 *
 * Other applications keep writing to T as before. Their inserts, updates and deletes land in the log by triggers;
 * {@link #absorbOutsideChanges} (before every pass and page) reads the log, compares each logged row with the hash
 * of its last synced content, and makes the real changes changes of this endpoint at its next ticks: no scan of the
 * table. The store's own writes keep the triggers quiet (a transaction-local setting in PostgreSQL, a session
 * variable set once on each connection of the store's pool in MariaDB, a flag row in SQLite). Where triggers may not
 * be created ({@link TableStoreConfig#triggers} false, or creating them fails), every absorb scans the table instead.
 *
 * <p>A {@link #commit} is one transaction: the rows, their states and the digest, so a page is applied wholly or not
 * at all. The digest is cached (the store is the collection's only writer: one Tributary endpoint per table). A row
 * another application changes while a page is being applied may be overwritten without a conflict (the window
 * between the absorb and the page's commit).
 */
public final class TableRecordStore implements RecordStore {
    private static final int CHUNK = 1000;
    private final TableStoreConfig config;
    private final SqlDialect dialect;
    private final HikariDataSource pool;
    private final String table;
    private final String key;
    private final List<String> columns;
    private final Map<String, String> columnByLowerName = new HashMap<>();
    private final String state;
    private final String log;
    private final String recordSelect;
    /** {@link #recordSelect} reading the states by the (endpoint, tick) index: the start of a page of changes. */
    private final String changesSelect;
    private boolean triggers;
    private volatile Digest digest;
    /** The key column's SQL type, in PostgreSQL without its modifier (what a key in text is cast to). */
    private String keyType;
    /** Rows this store inserted since it last had PostgreSQL analyze its tables, and how many call for the next. */
    private long insertedSinceAnalyze;
    private long analyzeAfter = 1000;

    private TableRecordStore(TableStoreConfig config, SqlDialect dialect, HikariDataSource pool, String table, String key,
                             List<String> columns) {
        this.config = config;
        this.dialect = dialect;
        this.pool = pool;
        this.table = table;
        this.key = key;
        this.columns = columns;
        columns.forEach(c -> columnByLowerName.put(c.toLowerCase(Locale.ROOT), c));
        this.state = "tributary_state_" + table;
        this.log = "tributary_log_" + table;
        this.recordSelect = recordSelect("");
        this.changesSelect = recordSelect(dialect.changeIndexHint(state + "_change"));
    }

    /** The select of records (states joined with their rows), with {@code hint} after the states' alias. */
    private String recordSelect(String hint) {
        StringBuilder sel = new StringBuilder("SELECT s.k, s.endpoint, s.tick, s.stamp, s.usr, s.deleted, t." + key);
        columns.forEach(c -> sel.append(", t.").append(c));
        sel.append(" FROM ").append(state).append(" s").append(hint).append(" LEFT JOIN ").append(table)
                .append(" t ON t.").append(key).append(" = s.k");
        return sel.toString();
    }

    /**
     * Opens the store (creating its side tables and triggers when missing; a table that already holds rows has them
     * all taken in as changes of this endpoint).
     *
     * @throws StoreException when the database cannot be reached or used, or the table is unfit (no single-column
     *     primary key), in words naming the database and the table
     */
    public static TableRecordStore open(TableStoreConfig config) {
        SqlDialect dialect = SqlDialect.of(config.jdbcUrl());
        try {
            config.checkSqliteFileExists(); // SQLite would create an empty database
        } catch (IllegalArgumentException e) {
            throw new StoreException(e.getMessage(), e);
        }
        HikariDataSource pool = pool(config, dialect);
        try {
            TableRecordStore s;
            try (Connection c = pool.getConnection()) {
                String table = dialect == SqlDialect.POSTGRESQL ? config.table().toLowerCase(Locale.ROOT) : config.table();
                List<String> all = columnsOf(c, table);
                String key = config.key() != null ? namedKey(c, table, all, config) : primaryKey(c, table, config);
                List<String> rest = new ArrayList<>(all);
                rest.remove(key);
                s = new TableRecordStore(config, dialect, pool, table, key, List.copyOf(rest));
            }
            s.init();
            return s;
        } catch (SQLException e) {
            pool.close();
            throw new StoreException(where(config, dialect) + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    private static HikariDataSource pool(TableStoreConfig config, SqlDialect dialect) {
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
        hc.setInitializationFailTimeout(10_000);
        if (dialect == SqlDialect.POSTGRESQL) {
            // bind every value as text and let PostgreSQL cast it to the column's type
            hc.addDataSourceProperty("stringtype", "unspecified");
            hc.addDataSourceProperty("reWriteBatchedInserts", "true");
            // A plan for the values at hand on every execution: the driver prepares a statement on the server after
            // a few runs, and PostgreSQL may then settle on a generic plan costed while the store's tables were
            // empty (a page's key lookup that scans the whole table, seconds per page, once the table is large).
            // In a DO block, which shrugs off a server too old to know the setting.
            hc.setConnectionInitSql("DO $$ BEGIN SET plan_cache_mode = force_custom_plan; EXCEPTION WHEN OTHERS THEN"
                    + " NULL; END $$");
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
            return new HikariDataSource(hc);
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new StoreException("cannot reach " + where(config, dialect) + ": " + cause.getMessage(), e);
        }
    }

    private static String where(TableStoreConfig config, SqlDialect dialect) {
        return dialect.product() + " " + config.shownUrl() + " (table " + config.table() + ")";
    }

    private static List<String> columnsOf(Connection c, String table) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT * FROM " + table + " WHERE 1 = 0")) {
            ResultSetMetaData md = rs.getMetaData();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                out.add(md.getColumnName(i));
            }
        } catch (SQLException e) {
            // SQLite's "[SQLITE_ERROR] SQL error or missing database (no such table: t)": what is in parentheses
            throw new SQLException("cannot read table " + table + ": " + e.getMessage()
                    .replaceFirst("^\\[SQLITE_\\w+][^(]*\\((.*)\\)$", "$1"), e);
        }
        return out;
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
    private static String namedKey(Connection c, String table, List<String> all, TableStoreConfig config)
            throws SQLException {
        String key = match(all, config.key(), "key column", config);
        List<String> primary = primaryKeys(c, table);
        if (primary.size() == 1 && primary.get(0).equalsIgnoreCase(key)) {
            return key;
        }
        List<String> missing = new ArrayList<>();
        if (!uniqueAlone(c, table, key)) {
            missing.add("unique (a UNIQUE constraint or index on that column alone)");
        }
        if (!notNull(c, table, key)) {
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

    private void init() throws SQLException {
        boolean fresh;
        try (Connection c = pool.getConnection()) {
            if (dialect == SqlDialect.SQLITE) {
                try (Statement st = c.createStatement()) {
                    st.execute("PRAGMA journal_mode=WAL");
                }
            }
            c.setAutoCommit(false);
            String keyType = dialect.columnType(c, table, key);
            this.keyType = dialect == SqlDialect.POSTGRESQL ? pgTypeWithoutModifier(c) : keyType;
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TABLE IF NOT EXISTS tributary_collection (collection VARCHAR(255) PRIMARY KEY,"
                        + " endpoint VARCHAR(255) NOT NULL, priority INTEGER NOT NULL)");
                st.execute("CREATE TABLE IF NOT EXISTS tributary_digest (collection VARCHAR(255) NOT NULL,"
                        + " position INTEGER NOT NULL, endpoint VARCHAR(255) NOT NULL, tick BIGINT NOT NULL,"
                        + " stamp VARCHAR(40), priority INTEGER NOT NULL, PRIMARY KEY (collection, endpoint))");
                st.execute("CREATE TABLE IF NOT EXISTS tributary_origin (collection VARCHAR(255) PRIMARY KEY,"
                        + " origin VARCHAR(255))");
                st.execute("CREATE TABLE IF NOT EXISTS " + state + " (k " + keyType + " PRIMARY KEY,"
                        + " endpoint VARCHAR(255) NOT NULL, tick BIGINT NOT NULL, stamp VARCHAR(40), usr VARCHAR(255),"
                        + " deleted SMALLINT NOT NULL, hash BIGINT NOT NULL)");
                st.execute("CREATE INDEX IF NOT EXISTS " + state + "_change ON " + state + " (endpoint, tick)");
                st.execute(dialect.logTable(log, keyType));
            }
            c.commit();
            fresh = !readCollection(c);
            c.commit();
        }
        digest = readDigest();
        triggers = config.triggers() && createTriggers();
        if (fresh || !triggers) {
            scan(Instant.now());
        }
    }

    /**
     * The key column's type without its length or precision (format_type with no modifier: {@code character varying},
     * {@code bpchar}, {@code numeric}): a cast to it never shortens or rounds a key.
     */
    private String pgTypeWithoutModifier(Connection c) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT format_type(a.atttypid, NULL) FROM pg_attribute a"
                + " WHERE a.attrelid = to_regclass(?) AND a.attname = ? AND NOT a.attisdropped")) {
            q.setString(1, table);
            q.setString(2, key);
            try (ResultSet rs = q.executeQuery()) {
                if (rs.next()) {
                    return rs.getString(1);
                }
            }
        }
        throw new SQLException("no column " + key + " in " + table);
    }

    /** Whether the collection was known; registers it when not. */
    private boolean readCollection(Connection c) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT endpoint FROM tributary_collection WHERE collection = ?")) {
            q.setString(1, config.collection());
            try (ResultSet rs = q.executeQuery()) {
                if (rs.next()) {
                    if (!rs.getString(1).equals(config.endpoint())) {
                        throw new StoreException(where(config, dialect) + " holds collection " + config.collection()
                                + " as endpoint " + rs.getString(1) + ", not " + config.endpoint());
                    }
                    return true;
                }
            }
        }
        try (PreparedStatement ins = c.prepareStatement("INSERT INTO tributary_collection VALUES (?, ?, ?)")) {
            ins.setString(1, config.collection());
            ins.setString(2, config.endpoint());
            ins.setInt(3, config.priority());
            ins.executeUpdate();
        }
        writeDigest(c, Digest.empty(config.endpoint(), config.priority()));
        return false;
    }

    private boolean createTriggers() {
        try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
            for (String sql : dialect.triggers(table, key, log)) {
                st.execute(sql);
            }
            if (!c.getAutoCommit()) {
                c.commit();
            }
            return true;
        } catch (SQLException e) {
            org.slf4j.LoggerFactory.getLogger(TableRecordStore.class).warn("{}: cannot create triggers ({}); other"
                    + " applications' changes are found by scanning the table before every pass", where(config, dialect),
                    e.getMessage());
            return false;
        }
    }

    /** Whether changes by other applications are detected by triggers (else by scans). */
    public boolean usesTriggers() {
        return triggers;
    }

    /** The application's table (as the database names it). */
    public String table() {
        return table;
    }

    /** The key column. */
    public String keyColumn() {
        return key;
    }

    /** The payload columns, in table order. */
    public List<String> columns() {
        return columns;
    }

    @Override
    public String endpoint() {
        return config.endpoint();
    }

    @Override
    public Digest digest() {
        return digest;
    }

    @Override
    public Optional<Record> get(String uuid) {
        return Optional.ofNullable(getAll(List.of(uuid)).get(uuid));
    }

    @Override
    public Map<String, Record> getAll(Collection<String> uuids) {
        Map<String, Record> out = new HashMap<>();
        List<String> all = new ArrayList<>(new LinkedHashSet<>(uuids));
        try (Connection c = pool.getConnection()) {
            if (dialect == SqlDialect.POSTGRESQL && !all.isEmpty()) {
                // One probe of the state's key index per key, whatever the planner makes of the table's size: a
                // LATERAL subquery with a LIMIT is not flattened into a join, so it cannot become a scan of the whole
                // state table (which the planner prefers for a thousand keys while it costs the table as small).
                try (PreparedStatement q = c.prepareStatement("SELECT x.* FROM unnest(?) AS q(k) CROSS JOIN LATERAL ("
                        + recordSelect + " WHERE s.k = CAST(q.k AS " + keyType + ") LIMIT 1) x")) {
                    q.setArray(1, c.createArrayOf("text", all.toArray()));
                    try (ResultSet rs = q.executeQuery()) {
                        while (rs.next()) {
                            Record r = record(rs);
                            out.put(r.uuid(), r);
                        }
                    }
                }
                return out;
            }
            for (int from = 0; from < all.size(); from += CHUNK) {
                List<String> chunk = all.subList(from, Math.min(all.size(), from + CHUNK));
                try (PreparedStatement q = c.prepareStatement(recordSelect + " WHERE s.k IN (" + marks(chunk.size()) + ")")) {
                    for (int i = 0; i < chunk.size(); i++) {
                        q.setString(i + 1, chunk.get(i));
                    }
                    try (ResultSet rs = q.executeQuery()) {
                        while (rs.next()) {
                            Record r = record(rs);
                            out.put(r.uuid(), r);
                        }
                    }
                }
            }
            return out;
        } catch (SQLException e) {
            throw failed("reading " + all.size() + " records", e);
        }
    }

    /** The page query of {@link #changes}: endpoint, first tick, tick after the last, most records (for tests). */
    String changesSql() {
        return changesSelect + " WHERE s.endpoint = ? AND s.tick >= ? AND s.tick < ? ORDER BY s.tick LIMIT ?";
    }

    @Override
    public List<Record> changes(String changer, long fromTick, long toTickExclusive, int limit) {
        try (Connection c = pool.getConnection(); PreparedStatement q = c.prepareStatement(changesSql())) {
            q.setString(1, changer);
            q.setLong(2, fromTick);
            q.setLong(3, toTickExclusive);
            q.setInt(4, limit);
            List<Record> out = new ArrayList<>();
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.add(record(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw failed("listing changes of " + changer, e);
        }
    }

    @Override
    public void commit(List<Record> records, Digest newDigest) {
        commit(records, newDigest, Set.of());
    }

    /**
     * Records under {@code unknown} uuids are inserted, not upserted: the cheaper statement on every database, and
     * the whole of an initial load. When one of those rows exists after all (another application inserted it since
     * the caller looked), the transaction is rolled back and done again with upserts only.
     */
    @Override
    public synchronized void commit(List<Record> records, Digest newDigest, Set<String> unknown) {
        try (Connection c = pool.getConnection()) {
            Set<String> insert = unknown;
            for (int attempt = 1; ; attempt++) {
                try {
                    write(c, records, newDigest, insert);
                    break;
                } catch (SQLException e) {
                    if (!insert.isEmpty() && isDuplicateKey(e)) {
                        insert = Set.of();
                    } else if (!isTransient(e) || attempt == 3) {
                        throw e;
                    }
                    // a deadlock with another application's transaction: the database rolled ours back; again
                }
            }
            digest = newDigest;
            if (dialect == SqlDialect.POSTGRESQL && !insert.isEmpty()) {
                analyzeWhenGrown(c, insert.size());
            }
        } catch (SQLException e) {
            throw failed("committing " + records.size() + " records", e);
        }
    }

    /**
     * Has PostgreSQL analyze the table and its states each time the rows this store inserted double: an initial load
     * grows them from nothing faster than autovacuum looks (once a minute), and the planner, still costing them as
     * nearly empty, would read a page's keys by scanning the whole state table (tens of milliseconds a page at
     * 100,000 rows, more as it grows). About twenty times over a load of a million rows, each a sample of the table.
     */
    private void analyzeWhenGrown(Connection c, int inserted) throws SQLException {
        insertedSinceAnalyze += inserted;
        if (insertedSinceAnalyze < analyzeAfter) {
            return;
        }
        try (Statement st = c.createStatement()) {
            st.execute("ANALYZE " + state + ", " + table);
        }
        analyzeAfter = Math.max(analyzeAfter, insertedSinceAnalyze) * 2;
        insertedSinceAnalyze = 0;
    }

    /** One transaction: rows, their sync states, the digest; rolled back on any failure. */
    private void write(Connection c, List<Record> records, Digest newDigest, Set<String> unknown) throws SQLException {
        c.setAutoCommit(false);
        try {
            if (triggers) {
                dialect.quiet(c, true);
            }
            writeRows(c, records, unknown);
            writeStates(c, records, unknown);
            writeDigest(c, newDigest);
            if (triggers && dialect == SqlDialect.SQLITE) {
                dialect.quiet(c, false);
            }
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    /** Whether {@code e} is a deadlock or serialization failure, after which the same transaction may succeed. */
    private static boolean isTransient(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && ("40001".equals(s.getSQLState()) || "40P01".equals(s.getSQLState())
                    || s.getErrorCode() == 1213 || s.getErrorCode() == 1205)) {
                return true; // SQL's serialization failure; PostgreSQL's deadlock; MariaDB's deadlock, lock wait timeout
            }
        }
        return false;
    }

    /** Whether {@code e}, what it wraps, or what a batch chained to it says that a key is already taken. */
    private static boolean isDuplicateKey(SQLException e) {
        java.util.ArrayDeque<Throwable> todo = new java.util.ArrayDeque<>(List.of(e));
        Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        while (!todo.isEmpty()) {
            Throwable t = todo.pop();
            if (!seen.add(t)) {
                continue;
            }
            if (t instanceof SQLException s) {
                String sqlState = s.getSQLState();
                int code = s.getErrorCode();
                // SQL's integrity constraint class; MariaDB's ER_DUP_ENTRY; SQLite's (extended) constraint codes
                if (sqlState != null && sqlState.startsWith("23") || code == 1062 || code == 19 || code == 1555
                        || code == 2067) {
                    return true;
                }
                if (s.getNextException() != null) {
                    todo.push(s.getNextException());
                }
            }
            if (t.getCause() != null) {
                todo.push(t.getCause());
            }
        }
        return false;
    }

    @Override
    public synchronized int absorbOutsideChanges(Instant now) {
        return triggers ? drainLog(now) : scan(now);
    }

    @Override
    public long size() {
        try (Connection c = pool.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM " + state)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw failed("counting records", e);
        }
    }

    @Override
    public long tombstones() {
        try (Connection c = pool.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM " + state + " WHERE deleted <> 0")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw failed("counting tombstones", e);
        }
    }

    /**
     * The table's rows as they are now (whether or not the sync has seen them change), in the key column's order:
     * one range scan over the primary key, streamed.
     */
    @Override
    public void scanLive(dev.tributary.records.KeyRange range, dev.tributary.records.LiveRowVisitor visitor) {
        StringBuilder sel = new StringBuilder("SELECT t." + key);
        columns.forEach(col -> sel.append(", t.").append(col));
        sel.append(" FROM ").append(table).append(" t").append(bounds(range)).append(" ORDER BY t.").append(key);
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false); // PostgreSQL streams by the fetch size only inside a transaction
            try (PreparedStatement q = c.prepareStatement(sel.toString())) {
                q.setFetchSize(CHUNK);
                bind(q, range);
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next() && visitor.row(rs.getString(1), payload(rs, 2))) {
                        // the visitor has the row
                    }
                }
                c.commit();
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw failed("reading the rows in " + range, e);
        }
    }

    /** Read from the table itself, rows without a sync state included. */
    @Override
    public Map<String, Payload> liveRows(Collection<String> keys) {
        Map<String, Payload> out = new HashMap<>();
        List<String> all = new ArrayList<>(new LinkedHashSet<>(keys));
        try (Connection c = pool.getConnection()) {
            for (int from = 0; from < all.size(); from += CHUNK) {
                out.putAll(rows(c, all.subList(from, Math.min(all.size(), from + CHUNK))));
            }
            return out;
        } catch (SQLException e) {
            throw failed("reading " + all.size() + " rows", e);
        }
    }

    @Override
    public long countLive(dev.tributary.records.KeyRange range) {
        try (Connection c = pool.getConnection();
             PreparedStatement q = c.prepareStatement("SELECT count(*) FROM " + table + " t" + bounds(range))) {
            bind(q, range);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw failed("counting the rows in " + range, e);
        }
    }

    private String bounds(dev.tributary.records.KeyRange range) {
        if (range.from() == null && range.to() == null) {
            return "";
        }
        return " WHERE " + (range.from() == null ? "" : "t." + key + " >= ?")
                + (range.from() != null && range.to() != null ? " AND " : "")
                + (range.to() == null ? "" : "t." + key + " < ?");
    }

    private static void bind(PreparedStatement q, dev.tributary.records.KeyRange range) throws SQLException {
        int i = 1;
        if (range.from() != null) {
            q.setString(i++, range.from());
        }
        if (range.to() != null) {
            q.setString(i, range.to());
        }
    }

    @Override
    public void close() {
        pool.close();
    }

    // --- outside changes ------------------------------------------------------------------------------------------

    /** The last synced content of a row, by key: whether it was deleted and its hash. */
    private record Known(boolean deleted, long hash) {
    }

    private int drainLog(Instant now) {
        int changed = 0;
        try (Connection c = pool.getConnection()) {
            while (true) {
                List<Long> seqs = new ArrayList<>();
                Set<String> keys = new LinkedHashSet<>();
                try (PreparedStatement q = c.prepareStatement("SELECT seq, k FROM " + log + " ORDER BY seq LIMIT " + CHUNK)) {
                    try (ResultSet rs = q.executeQuery()) {
                        while (rs.next()) {
                            seqs.add(rs.getLong(1));
                            if (rs.getString(2) != null) {
                                keys.add(rs.getString(2));
                            }
                        }
                    }
                }
                if (seqs.isEmpty()) {
                    return changed;
                }
                Map<String, Payload> rows = rows(c, keys);
                Map<String, Known> known = known(c, keys);
                List<Record> records = new ArrayList<>();
                Digest d = digest;
                for (String k : keys) {
                    Record r = outsideChange(k, rows.get(k), known.get(k), d, now);
                    if (r != null) {
                        records.add(r);
                        d = d.afterChange(r.state(), config.priority(), now);
                    }
                }
                c.setAutoCommit(false);
                try {
                    writeStates(c, records, Set.of());
                    writeDigest(c, d);
                    try (PreparedStatement del = c.prepareStatement("DELETE FROM " + log + " WHERE seq IN ("
                            + marks(seqs.size()) + ")")) {
                        for (int i = 0; i < seqs.size(); i++) {
                            del.setLong(i + 1, seqs.get(i));
                        }
                        del.executeUpdate();
                    }
                    c.commit();
                    digest = d;
                    changed += records.size();
                } catch (SQLException | RuntimeException e) {
                    c.rollback();
                    throw e;
                } finally {
                    c.setAutoCommit(true);
                }
            }
        } catch (SQLException e) {
            throw failed("reading the change log " + log, e);
        }
    }

    /**
     * Compares every row with its last synced content, and every live state with its row: the fallback where no
     * triggers log changes, and the first look at a table that already holds rows. Streams the table; commits the
     * changes it finds in chunks.
     */
    private int scan(Instant now) {
        List<Record> pending = new ArrayList<>();
        int[] changed = {0};
        StringBuilder sel = new StringBuilder("SELECT t." + key);
        columns.forEach(col -> sel.append(", t.").append(col));
        sel.append(", s.deleted, s.hash FROM ").append(table).append(" t LEFT JOIN ").append(state)
                .append(" s ON s.k = t.").append(key);
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.setFetchSize(CHUNK);
                try (ResultSet rs = st.executeQuery(sel.toString())) {
                    while (rs.next()) {
                        String k = rs.getString(1);
                        Payload p = payload(rs, 2);
                        Object deleted = rs.getObject(columns.size() + 2);
                        Known kn = deleted == null ? null : new Known(rs.getInt(columns.size() + 2) != 0,
                                rs.getLong(columns.size() + 3));
                        Record r = outsideChange(k, p, kn, null, now);
                        if (r != null) {
                            pending.add(r);
                            if (pending.size() >= CHUNK) {
                                changed[0] += commitOutside(pending, now);
                                pending.clear();
                            }
                        }
                    }
                }
                try (ResultSet rs = st.executeQuery("SELECT s.k FROM " + state + " s WHERE s.deleted = 0 AND NOT EXISTS"
                        + " (SELECT 1 FROM " + table + " t WHERE t." + key + " = s.k)")) {
                    while (rs.next()) {
                        pending.add(Record.tombstone(rs.getString(1), SyncState.of(config.endpoint(), 0, now)));
                    }
                }
            }
            c.commit();
            changed[0] += commitOutside(pending, now);
            return changed[0];
        } catch (SQLException e) {
            throw failed("scanning table " + table, e);
        }
    }

    /** Gives {@code records} (states to be replaced) this endpoint's next ticks and commits their states. */
    private int commitOutside(List<Record> records, Instant now) throws SQLException {
        if (records.isEmpty()) {
            return 0;
        }
        Digest d = digest;
        List<Record> ticked = new ArrayList<>(records.size());
        for (Record r : records) {
            SyncState s = SyncState.of(config.endpoint(), d.tick(config.endpoint()), now);
            ticked.add(r.deleted() ? Record.tombstone(r.uuid(), s) : Record.live(r.uuid(), s, r.payload()));
            d = d.afterChange(s, config.priority(), now);
        }
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try {
                writeStates(c, ticked, Set.of());
                writeDigest(c, d);
                c.commit();
                digest = d;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
        return ticked.size();
    }

    /**
     * The change of row {@code k} (now {@code row}, null when gone) against what the sync last knew of it, or null
     * when it did not change. With {@code d} the record gets its tick from {@code d}; without, a placeholder.
     */
    private Record outsideChange(String k, Payload row, Known known, Digest d, Instant now) {
        long tick = d == null ? 0 : d.tick(config.endpoint());
        SyncState s = SyncState.of(config.endpoint(), tick, now);
        if (row != null) {
            if (known == null || known.deleted() || known.hash() != hash(row)) {
                return Record.live(k, s, row);
            }
            return null;
        }
        return known != null && !known.deleted() ? Record.tombstone(k, s) : null;
    }

    private Map<String, Payload> rows(Connection c, Collection<String> keys) throws SQLException {
        Map<String, Payload> out = new HashMap<>();
        if (keys.isEmpty()) {
            return out;
        }
        StringBuilder sel = new StringBuilder("SELECT t." + key);
        columns.forEach(col -> sel.append(", t.").append(col));
        sel.append(" FROM ").append(table).append(" t WHERE t.").append(key).append(" IN (").append(marks(keys.size()))
                .append(")");
        try (PreparedStatement q = c.prepareStatement(sel.toString())) {
            int i = 1;
            for (String k : keys) {
                q.setString(i++, k);
            }
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), payload(rs, 2));
                }
            }
        }
        return out;
    }

    private Map<String, Known> known(Connection c, Collection<String> keys) throws SQLException {
        Map<String, Known> out = new HashMap<>();
        if (keys.isEmpty()) {
            return out;
        }
        try (PreparedStatement q = c.prepareStatement("SELECT k, deleted, hash FROM " + state + " WHERE k IN ("
                + marks(keys.size()) + ")")) {
            int i = 1;
            for (String k : keys) {
                q.setString(i++, k);
            }
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), new Known(rs.getInt(2) != 0, rs.getLong(3)));
                }
            }
        }
        return out;
    }

    // --- rows, states, digest -------------------------------------------------------------------------------------

    private void writeRows(Connection c, List<Record> records, Set<String> unknown) throws SQLException {
        // one batch per set of columns written and per statement (insert of unknown rows, upsert of the others)
        Map<List<String>, List<Record>> byColumns = new LinkedHashMap<>();
        List<Record> deletes = new ArrayList<>();
        for (Record r : records) {
            if (r.deleted()) {
                deletes.add(r); // even under an unknown key: a row written behind the sync's back has no state
            } else {
                List<String> cols = new ArrayList<>(writable(r.payload()));
                cols.add(unknown.contains(r.uuid()) ? "" : null); // the last element tells insert ("") from upsert
                byColumns.computeIfAbsent(cols, x -> new ArrayList<>()).add(r);
            }
        }
        for (Map.Entry<List<String>, List<Record>> group : byColumns.entrySet()) {
            List<String> cols = group.getKey().subList(0, group.getKey().size() - 1);
            boolean insert = group.getKey().get(cols.size()) != null;
            int[] at = new int[cols.size()]; // where each written column is in the table's columns
            for (int i = 0; i < at.length; i++) {
                at[i] = columns.indexOf(cols.get(i));
            }
            if (insert && dialect == SqlDialect.POSTGRESQL) {
                // new rows by COPY: the cheapest way into PostgreSQL; a key taken meanwhile fails it as an insert would
                List<String> all = new ArrayList<>(cols.size() + 1);
                all.add(key);
                all.addAll(cols);
                PgCopy copy = new PgCopy(table, all);
                for (Record r : group.getValue()) {
                    copy.value(r.uuid());
                    String[] values = values(r.payload());
                    for (int i : at) {
                        copy.value(values[i]);
                    }
                }
                copy.send(c);
                continue;
            }
            try (PreparedStatement up = c.prepareStatement(insert ? SqlDialect.insert(table, key, cols)
                    : dialect.upsert(table, key, cols))) {
                for (Record r : group.getValue()) {
                    up.setString(1, r.uuid());
                    String[] values = values(r.payload());
                    for (int i = 0; i < cols.size(); i++) {
                        setNullable(up, i + 2, values[at[i]]);
                    }
                    up.addBatch();
                }
                up.executeBatch();
            }
        }
        if (!deletes.isEmpty()) {
            try (PreparedStatement del = c.prepareStatement("DELETE FROM " + table + " WHERE " + key + " = ?")) {
                for (Record r : deletes) {
                    del.setString(1, r.uuid());
                    del.addBatch();
                }
                del.executeBatch();
            }
        }
    }

    /** The table's columns that {@code p} has a property for, in table order. */
    private List<String> writable(Payload p) {
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
    private String[] values(Payload p) {
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

    private static Map<String, String> lowerKeys(Payload p) {
        Map<String, String> out = new HashMap<>();
        p.properties().forEach((k, v) -> out.put(k.toLowerCase(Locale.ROOT), v));
        return out;
    }

    private static final List<String> STATE_COLUMNS = List.of("endpoint", "tick", "stamp", "usr", "deleted", "hash");

    private void writeStates(Connection c, List<Record> records, Set<String> unknown) throws SQLException {
        List<Record> inserts = new ArrayList<>();
        List<Record> upserts = new ArrayList<>();
        for (Record r : records) {
            (unknown.contains(r.uuid()) ? inserts : upserts).add(r);
        }
        if (dialect == SqlDialect.POSTGRESQL && !inserts.isEmpty()) {
            PgCopy copy = new PgCopy(state, List.of("k", "endpoint", "tick", "stamp", "usr", "deleted", "hash"));
            String lastStamp = null;
            Instant last = null;
            for (Record r : inserts) {
                Instant at = r.state().stamp();
                if (at != null && !at.equals(last)) {
                    last = at;
                    lastStamp = at.toString();
                }
                copy.value(r.uuid()).value(r.state().endpoint()).value(r.state().tick())
                        .value(at == null ? null : lastStamp).value(r.state().user())
                        .value(r.deleted() ? 1 : 0).value(r.deleted() ? 0 : hash(r.payload()));
            }
            copy.send(c);
        } else {
            writeStates(c, inserts, SqlDialect.insert(state, "k", STATE_COLUMNS));
        }
        writeStates(c, upserts, dialect.upsert(state, "k", STATE_COLUMNS));
    }

    private void writeStates(Connection c, List<Record> records, String statement) throws SQLException {
        if (records.isEmpty()) {
            return;
        }
        try (PreparedStatement up = c.prepareStatement(statement)) {
            String lastStamp = null;
            Instant last = null;
            for (Record r : records) {
                Instant at = r.state().stamp();
                if (at != null && !at.equals(last)) { // a page's records often share a stamp: written once
                    last = at;
                    lastStamp = at.toString();
                }
                up.setString(1, r.uuid());
                up.setString(2, r.state().endpoint());
                up.setLong(3, r.state().tick());
                setNullable(up, 4, at == null ? null : lastStamp);
                setNullable(up, 5, r.state().user());
                up.setInt(6, r.deleted() ? 1 : 0);
                up.setLong(7, r.deleted() ? 0 : hash(r.payload()));
                up.addBatch();
            }
            up.executeBatch();
        }
    }

    private void writeDigest(Connection c, Digest d) throws SQLException {
        try (PreparedStatement del = c.prepareStatement("DELETE FROM tributary_digest WHERE collection = ?")) {
            del.setString(1, config.collection());
            del.executeUpdate();
        }
        try (PreparedStatement ins = c.prepareStatement("INSERT INTO tributary_digest VALUES (?, ?, ?, ?, ?, ?)")) {
            int position = 0;
            for (DigestEntry e : d.entries()) {
                ins.setString(1, config.collection());
                ins.setInt(2, position++);
                ins.setString(3, e.endpoint());
                ins.setLong(4, e.tick());
                setNullable(ins, 5, e.stamp() == null ? null : e.stamp().toString());
                ins.setInt(6, e.conflictPriority());
                ins.addBatch();
            }
            ins.executeBatch();
        }
        try (PreparedStatement del = c.prepareStatement("DELETE FROM tributary_origin WHERE collection = ?")) {
            del.setString(1, config.collection());
            del.executeUpdate();
        }
        try (PreparedStatement ins = c.prepareStatement("INSERT INTO tributary_origin VALUES (?, ?)")) {
            ins.setString(1, config.collection());
            setNullable(ins, 2, d.origin());
            ins.executeUpdate();
        }
    }

    private Digest readDigest() {
        try (Connection c = pool.getConnection()) {
            String origin = null;
            try (PreparedStatement q = c.prepareStatement("SELECT origin FROM tributary_origin WHERE collection = ?")) {
                q.setString(1, config.collection());
                try (ResultSet rs = q.executeQuery()) {
                    origin = rs.next() ? rs.getString(1) : null;
                }
            }
            List<DigestEntry> entries = new ArrayList<>();
            try (PreparedStatement q = c.prepareStatement("SELECT endpoint, tick, stamp, priority FROM tributary_digest"
                    + " WHERE collection = ? ORDER BY position")) {
                q.setString(1, config.collection());
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        entries.add(new DigestEntry(rs.getString(1), rs.getLong(2), instant(rs.getString(3)), rs.getInt(4)));
                    }
                }
            }
            return Digest.of(origin, entries);
        } catch (SQLException e) {
            throw failed("reading the digest", e);
        }
    }

    private Record record(ResultSet rs) throws SQLException {
        SyncState s = new SyncState(rs.getString(2), rs.getLong(3), instant(rs.getString(4)), rs.getString(5));
        if (rs.getInt(6) != 0 || rs.getString(7) == null) {
            return Record.tombstone(rs.getString(1), s);
        }
        return Record.live(rs.getString(1), s, payload(rs, 8));
    }

    /** The payload of the columns starting at result column {@code first}. */
    private Payload payload(ResultSet rs, int first) throws SQLException {
        Map<String, String> props = new LinkedHashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            props.put(columns.get(i), rs.getString(first + i));
        }
        return Payload.of(config.kind(), props);
    }

    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });

    /** A hash of the payload's values of this table's columns (names folded to lower case), for change detection. */
    private long hash(Payload p) {
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

    private static String marks(int n) {
        return String.join(", ", Collections.nCopies(n, "?"));
    }

    /** The stamp last read from a state row, per thread: rows loaded together share one. */
    private static final ThreadLocal<Object[]> LAST_STAMP = ThreadLocal.withInitial(() -> new Object[2]);

    private static Instant instant(String text) {
        if (text == null) {
            return null;
        }
        Object[] last = LAST_STAMP.get();
        if (text.equals(last[0])) {
            return (Instant) last[1];
        }
        Instant canonical = dev.tributary.records.CanonicalInstant.parse(text);
        Instant i = canonical != null ? canonical : Instant.parse(text);
        last[0] = text;
        last[1] = i;
        return i;
    }

    private static void setNullable(PreparedStatement st, int index, String value) throws SQLException {
        if (value == null) {
            st.setNull(index, Types.VARCHAR);
        } else {
            st.setString(index, value);
        }
    }

    private StoreException failed(String doing, SQLException e) {
        return new StoreException(where(config, dialect) + ": " + doing + " failed: " + e.getMessage(), e);
    }
}
