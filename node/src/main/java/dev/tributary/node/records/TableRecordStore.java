package dev.tributary.node.records;

import static dev.tributary.node.records.JdbcValues.marks;

import dev.tributary.records.Digest;
import dev.tributary.records.Payload;
import dev.tributary.records.Record;
import dev.tributary.records.RecordStore;
import dev.tributary.records.SyncState;
import dev.tributary.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
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
 *                                                                       rows: tombstones); index (endpoint, tick);
 *                                                                       in SQLite WITHOUT ROWID
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
 * be created ({@link TableStoreConfig#triggers} false, or creating them fails), every absorb scans the table instead
 * ({@link OutsideChanges}).
 *
 * <p>A {@link #commit} is one transaction: the rows, their states and the digest, so a page is applied wholly or not
 * at all. The digest is cached (the store is the collection's only writer: one Tributary endpoint per table). A row
 * another application changes while a page is being applied may be overwritten without a conflict (the window
 * between the absorb and the page's commit).
 */
public final class TableRecordStore implements RecordStore {
    private static final int CHUNK = 1000;
    /**
     * Most keys one lookup names in MariaDB and SQLite: a page's (5,000 entries) in one statement, well within what
     * either takes as parameters (65,535 and 32,766).
     */
    private static final int LOOKUP_CHUNK = 5000;
    private final TableStoreConfig config;
    private final SqlDialect dialect;
    private final TablePool pool;
    private final TableColumns table;
    private final String state;
    private final String log;
    private final String recordSelect;
    /** {@link #recordSelect} reading the states by the (endpoint, tick) index: the start of a page of changes. */
    private final String changesSelect;
    private final RowWriter writer;
    private final DigestTable digests;
    private final OutsideChanges outside;
    private boolean triggers;
    /** Whether this open registered the collection (the table was new to Tributary). */
    private boolean registeredNow;
    private volatile Digest digest;
    /** The key column's SQL type, in PostgreSQL without its modifier (what a key in text is cast to). */
    private String keyType;
    /**
     * The collation of a MariaDB key column that may compare two different keys as equal (ignoring case, accents or
     * trailing spaces, as MariaDB's default collations do), else null: then every page's keys are checked after
     * writing ({@link KeyCollation}).
     */
    private KeyCollation keyCollation;
    /** Rows this store inserted since it last had PostgreSQL analyze its tables, and how many call for the next. */
    private long insertedSinceAnalyze;
    private long analyzeAfter = 1000;

    private TableRecordStore(TablePool pool, TableColumns table) {
        this.config = pool.config();
        this.dialect = pool.dialect();
        this.pool = pool;
        this.table = table;
        this.state = "tributary_state_" + table.table();
        this.log = "tributary_log_" + table.table();
        this.recordSelect = recordSelect("");
        this.changesSelect = recordSelect(dialect.changeIndexHint(state + "_change"));
        this.writer = new RowWriter(dialect, table, state);
        this.digests = new DigestTable(config.collection(), dialect);
        this.outside = new OutsideChanges(pool, table, state, log, writer, digests, () -> digest, d -> digest = d);
    }

    /** The select of records (states joined with their rows), with {@code hint} after the states' alias. */
    private String recordSelect(String hint) {
        StringBuilder sel = new StringBuilder("SELECT s.k, s.endpoint, s.tick, s.stamp, s.usr, s.deleted, t."
                + table.quotedKey());
        table.columns().forEach(c -> sel.append(", t.").append(table.quoted(c)));
        sel.append(" FROM ").append(state).append(" s").append(hint).append(" LEFT JOIN ").append(table.table())
                .append(" t ON t.").append(table.quotedKey()).append(" = s.k");
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
        TablePool pool = TablePool.open(config, dialect);
        try {
            TableRecordStore s;
            try (Connection c = pool.connection()) {
                s = new TableRecordStore(pool, TableIntrospection.columns(c, config, dialect));
            }
            s.init();
            return s;
        } catch (SQLException e) {
            pool.close();
            throw new StoreException(pool.where() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    private void init() throws SQLException {
        boolean fresh;
        try (Connection c = pool.connection()) {
            if (dialect == SqlDialect.SQLITE) {
                try (Statement st = c.createStatement()) {
                    st.execute("PRAGMA journal_mode=WAL");
                }
            }
            c.setAutoCommit(false);
            String declaredKeyType = dialect.columnType(c, table.table(), table.key());
            this.keyType = dialect == SqlDialect.POSTGRESQL ? TableIntrospection.pgTypeWithoutModifier(c, table)
                    : declaredKeyType;
            this.keyCollation = dialect == SqlDialect.MARIADB ? KeyCollation.of(c, table, declaredKeyType) : null;
            // MariaDB: the side tables' keys compare as the table's key does (not by the database's default collation)
            String collation = dialect == SqlDialect.MARIADB ? KeyCollation.collationOf(c, table.table(), table.key()) : null;
            String sideKeyType = collation == null ? declaredKeyType : declaredKeyType + " CHARACTER SET "
                    + collation.replaceFirst("_.*", "") + " COLLATE " + collation;
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TABLE IF NOT EXISTS tributary_collection (collection VARCHAR(255) PRIMARY KEY,"
                        + " endpoint VARCHAR(255) NOT NULL, priority INTEGER NOT NULL)");
                st.execute("CREATE TABLE IF NOT EXISTS tributary_digest (collection VARCHAR(255) NOT NULL,"
                        + " position INTEGER NOT NULL, endpoint VARCHAR(255) NOT NULL, tick BIGINT NOT NULL,"
                        + " stamp VARCHAR(40), priority INTEGER NOT NULL, PRIMARY KEY (collection, endpoint))");
                st.execute("CREATE TABLE IF NOT EXISTS tributary_origin (collection VARCHAR(255) PRIMARY KEY,"
                        + " origin VARCHAR(255))");
                st.execute("CREATE TABLE IF NOT EXISTS " + state + " (k " + sideKeyType + " PRIMARY KEY,"
                        + " endpoint VARCHAR(255) NOT NULL, tick BIGINT NOT NULL, stamp VARCHAR(40), usr VARCHAR(255),"
                        + " deleted SMALLINT NOT NULL, hash BIGINT NOT NULL)" + dialect.keyedTable());
                st.execute("CREATE INDEX IF NOT EXISTS " + state + "_change ON " + state + " (endpoint, tick)");
                st.execute(dialect.logTable(log, sideKeyType));
            }
            KeyCollation.align(c, state, sideKeyType, collation, true);
            KeyCollation.align(c, log, sideKeyType, collation, false);
            c.commit();
            fresh = !readCollection(c);
            c.commit();
            registeredNow = fresh;
        }
        digest = readDigest();
        triggers = config.triggers() && createTriggers();
        if (fresh || !triggers) {
            outside.scan(Instant.now());
        }
    }

    /** Whether the collection was known; registers it when not. */
    private boolean readCollection(Connection c) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT endpoint FROM tributary_collection WHERE collection = ?")) {
            q.setString(1, config.collection());
            try (ResultSet rs = q.executeQuery()) {
                if (rs.next()) {
                    if (!rs.getString(1).equals(config.endpoint())) {
                        throw new StoreException(otherEndpoint(rs.getString(1)));
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
        digests.write(c, Digest.empty(config.endpoint(), config.priority()));
        return false;
    }

    /**
     * Why the table cannot be this endpoint's, another endpoint ({@code theirs}) having synced it: what the user does
     * about it, with the {@code --records-endpoint} that takes it over (the collection's endpoint without its
     * {@code /NAME}).
     */
    private String otherEndpoint(String theirs) {
        String suffix = "/" + config.collection();
        String base = theirs.endsWith(suffix) ? theirs.substring(0, theirs.length() - suffix.length()) : theirs;
        return pool.where() + " is already synced as endpoint " + theirs + ", not as this one's, " + config.endpoint()
                + ": a table is one endpoint's, and another node serves it (or one whose data directory was removed"
                + " did); if none serves it any more, take it over with that endpoint (tributary node:"
                + " --records-endpoint " + base + ")";
    }

    private boolean createTriggers() {
        try (Connection c = pool.connection(); Statement st = c.createStatement()) {
            for (String sql : dialect.triggers(table.table(), table.quotedKey(), log)) {
                st.execute(sql);
            }
            if (!c.getAutoCommit()) {
                c.commit();
            }
            return true;
        } catch (SQLException e) {
            org.slf4j.LoggerFactory.getLogger(TableRecordStore.class).warn("{}: cannot create triggers ({}); other"
                    + " applications' changes are found by scanning the table before every pass", pool.where(),
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
        return table.table();
    }

    /** The key column. */
    public String keyColumn() {
        return table.key();
    }

    /** The payload columns, in table order. */
    public List<String> columns() {
        return table.columns();
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

    /**
     * With triggers, one round trip when the change log is empty (the usual case) and the keys are at most
     * {@link #LOOKUP_CHUNK}: whether the log holds anything and the records, in PostgreSQL as two statements sent
     * together, in MariaDB and SQLite as one (a row of nulls for a log that holds anything, then the records). When
     * it holds something, it is taken in ({@link #absorbOutsideChanges}) and the records are read again.
     */
    @Override
    public Map<String, Record> absorbThenGetAll(Collection<String> uuids, Instant now) {
        if (!triggers || uuids.isEmpty()) {
            return RecordStore.super.absorbThenGetAll(uuids, now);
        }
        List<String> all = new ArrayList<>(new LinkedHashSet<>(uuids));
        boolean logged;
        Map<String, Record> out = new HashMap<>();
        try (Connection c = pool.connection()) {
            logged = dialect == SqlDialect.POSTGRESQL ? pgLoggedThenRead(c, all, out) : loggedThenRead(c, all, out);
        } catch (SQLException e) {
            throw failed("reading " + all.size() + " records", e);
        }
        if (!logged) {
            return out;
        }
        absorbOutsideChanges(now);
        return getAll(all);
    }

    /** PostgreSQL: whether the change log holds anything, and the records of {@code keys} into {@code out}. */
    private boolean pgLoggedThenRead(Connection c, List<String> keys, Map<String, Record> out) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT EXISTS (SELECT 1 FROM " + log + "); " + pgLookup())) {
            q.setArray(1, c.createArrayOf("text", keys.toArray()));
            q.execute();
            boolean logged;
            try (ResultSet rs = q.getResultSet()) {
                logged = rs.next() && rs.getBoolean(1);
            }
            if (!q.getMoreResults()) {
                throw new SQLException("no records answered beside the change log's state");
            }
            try (ResultSet rs = q.getResultSet()) {
                readRecords(rs, out);
            }
            return logged;
        }
    }

    /**
     * MariaDB and SQLite: whether the change log holds anything, and the records of {@code keys} into {@code out}. The
     * first chunk of keys in one statement with the log's check: a row of nulls (no record has a null key) when the
     * log holds anything, then the records; the rest of the keys, if any, as {@link #getAll} reads them.
     */
    private boolean loggedThenRead(Connection c, List<String> keys, Map<String, Record> out) throws SQLException {
        List<String> first = keys.subList(0, Math.min(keys.size(), LOOKUP_CHUNK));
        StringBuilder nulls = new StringBuilder("SELECT NULL");
        for (int i = 1; i < 7 + table.columns().size(); i++) {
            nulls.append(", NULL");
        }
        boolean logged = false;
        try (PreparedStatement q = c.prepareStatement(nulls + " FROM (SELECT 1 AS x FROM " + log + " LIMIT 1) l"
                + " UNION ALL " + recordSelect + " WHERE s.k IN (" + marks(first.size()) + ")")) {
            for (int i = 0; i < first.size(); i++) {
                q.setString(i + 1, first.get(i));
            }
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    if (rs.getString(1) == null) {
                        logged = true;
                    } else {
                        Record r = record(rs);
                        out.put(r.uuid(), r);
                    }
                }
            }
        }
        if (keys.size() > first.size()) {
            read(c, keys.subList(first.size(), keys.size()), out);
        }
        return logged;
    }

    /**
     * PostgreSQL's lookup of the records under the keys of an array (parameter 1). One probe of the state's key index
     * per key, whatever the planner makes of the table's size: a LATERAL subquery with a LIMIT is not flattened into a
     * join, so it cannot become a scan of the whole state table (which the planner prefers for a thousand keys while
     * it costs the table as small).
     */
    private String pgLookup() {
        return "SELECT x.* FROM unnest(?) AS q(k) CROSS JOIN LATERAL (" + recordSelect + " WHERE s.k = CAST(q.k AS "
                + keyType + ") LIMIT 1) x";
    }

    private void readRecords(ResultSet rs, Map<String, Record> out) throws SQLException {
        while (rs.next()) {
            Record r = record(rs);
            out.put(r.uuid(), r);
        }
    }

    @Override
    public Map<String, Record> getAll(Collection<String> uuids) {
        Map<String, Record> out = new HashMap<>();
        List<String> all = new ArrayList<>(new LinkedHashSet<>(uuids));
        try (Connection c = pool.connection()) {
            if (dialect == SqlDialect.POSTGRESQL && !all.isEmpty()) {
                try (PreparedStatement q = c.prepareStatement(pgLookup())) {
                    q.setArray(1, c.createArrayOf("text", all.toArray()));
                    try (ResultSet rs = q.executeQuery()) {
                        readRecords(rs, out);
                    }
                }
                return out;
            }
            read(c, all, out);
            return out;
        } catch (SQLException e) {
            throw failed("reading " + all.size() + " records", e);
        }
    }

    /** MariaDB and SQLite: the records of {@code keys} into {@code out}, {@link #LOOKUP_CHUNK} keys a statement. */
    private void read(Connection c, List<String> keys, Map<String, Record> out) throws SQLException {
        for (int from = 0; from < keys.size(); from += LOOKUP_CHUNK) {
            List<String> chunk = keys.subList(from, Math.min(keys.size(), from + LOOKUP_CHUNK));
            try (PreparedStatement q = c.prepareStatement(recordSelect + " WHERE s.k IN (" + marks(chunk.size()) + ")")) {
                for (int i = 0; i < chunk.size(); i++) {
                    q.setString(i + 1, chunk.get(i));
                }
                try (ResultSet rs = q.executeQuery()) {
                    readRecords(rs, out);
                }
            }
        }
    }

    /** The page query of {@link #changes}: endpoint, first tick, tick after the last, most records (for tests). */
    String changesSql() {
        return changesSelect + " WHERE s.endpoint = ? AND s.tick >= ? AND s.tick < ? ORDER BY s.tick LIMIT ?";
    }

    @Override
    public List<Record> changes(String changer, long fromTick, long toTickExclusive, int limit) {
        try (Connection c = pool.connection(); PreparedStatement q = c.prepareStatement(changesSql())) {
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
        try (Connection c = pool.connection()) {
            Set<String> insert = unknown;
            for (int attempt = 1; ; attempt++) {
                try {
                    write(c, records, newDigest, insert);
                    break;
                } catch (SQLException e) {
                    if (!insert.isEmpty() && SqlFailures.isDuplicateKey(e)) {
                        insert = Set.of();
                    } else if (!SqlFailures.isTransient(e) || attempt == 3) {
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
            st.execute("ANALYZE " + state + ", " + table.table());
        }
        analyzeAfter = Math.max(analyzeAfter, insertedSinceAnalyze) * 2;
        insertedSinceAnalyze = 0;
    }

    /** One transaction: rows, their sync states, the digest; rolled back on any failure. */
    private void write(Connection c, List<Record> records, Digest newDigest, Set<String> unknown) throws SQLException {
        c.setAutoCommit(false);
        try {
            if (digests.quiets()) {
                // first, in one round trip: the digest, and the triggers quiet for the rows that follow
                digests.write(c, newDigest, triggers);
            } else if (triggers) {
                dialect.quiet(c, true);
            }
            writer.writeRows(c, records, unknown);
            if (keyCollation != null) {
                // a row inserted under an unknown key is a row of its own: a key its column holds as another one
                // already written would have failed the insert (and this write been done again with upserts only)
                List<Record> upserted = unknown.isEmpty() ? records
                        : records.stream().filter(r -> !unknown.contains(r.uuid())).toList();
                keyCollation.checkDistinct(c, upserted, pool.where());
            }
            writer.writeStates(c, records, unknown);
            if (!digests.quiets()) {
                digests.write(c, newDigest);
            }
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

    @Override
    public synchronized int absorbOutsideChanges(Instant now) {
        return triggers ? outside.drainLog(now) : outside.scan(now);
    }

    @Override
    public long size() {
        try (Connection c = pool.connection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM " + state)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw failed("counting records", e);
        }
    }

    @Override
    public long tombstones() {
        try (Connection c = pool.connection(); Statement st = c.createStatement();
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
        String sel = table.selectRows() + bounds(range) + " ORDER BY t." + table.quotedKey();
        try (Connection c = pool.connection()) {
            c.setAutoCommit(false); // PostgreSQL streams by the fetch size only inside a transaction
            try (PreparedStatement q = c.prepareStatement(sel)) {
                q.setFetchSize(CHUNK);
                bind(q, range);
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next() && visitor.row(rs.getString(1), table.payload(rs, 2))) {
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
        try (Connection c = pool.connection()) {
            for (int from = 0; from < all.size(); from += CHUNK) {
                out.putAll(outside.rows(c, all.subList(from, Math.min(all.size(), from + CHUNK))));
            }
            return out;
        } catch (SQLException e) {
            throw failed("reading " + all.size() + " rows", e);
        }
    }

    @Override
    public long countLive(dev.tributary.records.KeyRange range) {
        try (Connection c = pool.connection();
             PreparedStatement q = c.prepareStatement("SELECT count(*) FROM " + table.table() + " t" + bounds(range))) {
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
        return " WHERE " + (range.from() == null ? "" : "t." + table.quotedKey() + " >= ?")
                + (range.from() != null && range.to() != null ? " AND " : "")
                + (range.to() == null ? "" : "t." + table.quotedKey() + " < ?");
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

    /**
     * Undoes the registration this open made when the table was new to Tributary: its row in
     * {@code tributary_collection}, its digest and origin, the sync states and change log it took in. For a node
     * whose start failed on a later collection (a misspelt table), and whose new data directory, with the endpoint
     * URI it made, is removed: left registered, the table would refuse the next start's new endpoint. Nothing when
     * the table was registered before this open. The triggers stay: they only log keys, which the next open absorbs.
     *
     * @throws StoreException when the database refuses
     */
    public void forgetIfRegisteredNow() {
        if (!registeredNow) {
            return;
        }
        try (Connection c = pool.connection()) {
            c.setAutoCommit(false);
            for (String t : List.of("tributary_collection", "tributary_digest", "tributary_origin")) {
                try (PreparedStatement del = c.prepareStatement("DELETE FROM " + t + " WHERE collection = ?")) {
                    del.setString(1, config.collection());
                    del.executeUpdate();
                }
            }
            try (Statement st = c.createStatement()) {
                st.executeUpdate("DELETE FROM " + state);
                st.executeUpdate("DELETE FROM " + log);
            }
            c.commit();
            registeredNow = false;
        } catch (SQLException e) {
            throw failed("undoing its registration", e);
        }
    }

    private Digest readDigest() {
        try (Connection c = pool.connection()) {
            return digests.read(c);
        } catch (SQLException e) {
            throw failed("reading the digest", e);
        }
    }

    private Record record(ResultSet rs) throws SQLException {
        SyncState s = new SyncState(rs.getString(2), rs.getLong(3), instant(rs.getString(4)), rs.getString(5));
        if (rs.getInt(6) != 0 || rs.getString(7) == null) {
            return Record.tombstone(rs.getString(1), s);
        }
        return Record.live(rs.getString(1), s, table.payload(rs, 8));
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
        Instant i = DigestTable.instant(text);
        last[0] = text;
        last[1] = i;
        return i;
    }

    private StoreException failed(String doing, SQLException e) {
        return pool.failed(doing, e);
    }
}
