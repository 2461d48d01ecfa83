package dev.tributary.node.records;

import static dev.tributary.node.records.JdbcValues.setNullable;

import dev.tributary.records.CanonicalInstant;
import dev.tributary.records.Digest;
import dev.tributary.records.DigestEntry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One collection's digest in the database, beside its rows: {@code tributary_digest(collection, position, endpoint,
 * tick, stamp, priority)}, one row per digest entry in the digest's order, and {@code tributary_origin(collection,
 * origin)}. Written in the same transaction as the rows and states it describes, so the digest never claims a change
 * the table lacks.
 */
final class DigestTable {
    private final String collection;
    private final SqlDialect dialect;
    private final boolean postgresql;
    /**
     * MariaDB and SQLite: every endpoint the table may hold an entry of, as this object last read it and wrote since
     * (null before a read): a digest naming them all has no entry to delete. The store is the table's one writer.
     */
    private java.util.Set<String> written;

    /** The digest of {@code collection}, written by four plain statements. */
    DigestTable(String collection) {
        this(collection, null);
    }

    /** The digest of {@code collection} in a database of {@code dialect} (null: any), written as it does best. */
    DigestTable(String collection, SqlDialect dialect) {
        this.collection = collection;
        this.dialect = dialect;
        this.postgresql = dialect == SqlDialect.POSTGRESQL;
    }

    /**
     * Whether {@link #write(Connection, Digest, boolean)} can also keep the table's triggers quiet: in PostgreSQL,
     * where that is a transaction-local setting ({@link SqlDialect#quiet}).
     */
    boolean quiets() {
        return postgresql;
    }

    /** Replaces the stored digest with {@code d}, inside the caller's transaction. */
    void write(Connection c, Digest d) throws SQLException {
        write(c, d, false);
    }

    /**
     * Replaces the stored digest with {@code d}, inside the caller's transaction; with {@code quiet} (only where
     * {@link #quiets}) also keeps the table's triggers quiet for the rest of the transaction, as {@link SqlDialect#quiet}
     * does. In PostgreSQL one statement, one round trip (a page's commit pays it once, not five times).
     */
    void write(Connection c, Digest d, boolean quiet) throws SQLException {
        if (postgresql) {
            writePostgresql(c, d, quiet);
            return;
        }
        if (quiet) {
            throw new IllegalStateException("only PostgreSQL quiets the triggers with the digest");
        }
        if (dialect != null) {
            writeUpserting(c, d);
            return;
        }
        try (PreparedStatement del = c.prepareStatement("DELETE FROM tributary_digest WHERE collection = ?")) {
            del.setString(1, collection);
            del.executeUpdate();
        }
        try (PreparedStatement ins = c.prepareStatement("INSERT INTO tributary_digest VALUES (?, ?, ?, ?, ?, ?)")) {
            int position = 0;
            for (DigestEntry e : d.entries()) {
                ins.setString(1, collection);
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
            del.setString(1, collection);
            del.executeUpdate();
        }
        try (PreparedStatement ins = c.prepareStatement("INSERT INTO tributary_origin VALUES (?, ?)")) {
            ins.setString(1, collection);
            setNullable(ins, 2, d.origin());
            ins.executeUpdate();
        }
    }

    /**
     * MariaDB and SQLite: the entries upserted by one multi-row statement, the origin by another, and the entries of
     * endpoints the digest no longer lists deleted only when the table may hold such (a digest's endpoints only grow
     * but when it is replaced whole): two round trips a page, not four.
     */
    private void writeUpserting(Connection c, Digest d) throws SQLException {
        List<DigestEntry> entries = d.entries();
        java.util.Set<String> endpoints = new java.util.HashSet<>();
        entries.forEach(e -> endpoints.add(e.endpoint()));
        java.util.Set<String> before = written;
        written = null; // until this write is sent whole
        if (before == null || !endpoints.containsAll(before)) {
            try (PreparedStatement del = c.prepareStatement("DELETE FROM tributary_digest WHERE collection = ?"
                    + (entries.isEmpty() ? "" : " AND endpoint NOT IN (" + JdbcValues.marks(entries.size()) + ")"))) {
                del.setString(1, collection);
                for (int i = 0; i < entries.size(); i++) {
                    del.setString(i + 2, entries.get(i).endpoint());
                }
                del.executeUpdate();
            }
        }
        if (!entries.isEmpty()) {
            StringBuilder sql = new StringBuilder("INSERT INTO tributary_digest (collection, position, endpoint, tick,"
                    + " stamp, priority) VALUES ");
            for (int i = 0; i < entries.size(); i++) {
                sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?, ?, ?)");
            }
            sql.append(dialect.onConflictUpdate("collection, endpoint", List.of("position", "tick", "stamp", "priority")));
            try (PreparedStatement ins = c.prepareStatement(sql.toString())) {
                int p = 1;
                int position = 0;
                for (DigestEntry e : entries) {
                    ins.setString(p++, collection);
                    ins.setInt(p++, position++);
                    ins.setString(p++, e.endpoint());
                    ins.setLong(p++, e.tick());
                    setNullable(ins, p++, e.stamp() == null ? null : e.stamp().toString());
                    ins.setInt(p++, e.conflictPriority());
                }
                ins.executeUpdate();
            }
        }
        try (PreparedStatement ins = c.prepareStatement(dialect.upsert("tributary_origin", "collection",
                List.of("origin")))) {
            ins.setString(1, collection);
            setNullable(ins, 2, d.origin());
            ins.executeUpdate();
        }
        if (before != null) {
            // what the table holds whether the caller's transaction commits (these) or rolls back (some of before)
            endpoints.addAll(before);
            written = endpoints;
        }
    }

    /**
     * PostgreSQL: the entries of endpoints the digest no longer lists deleted, the others upserted, the origin upserted
     * and, with {@code quiet}, the triggers' setting made: data-modifying parts of one statement, each on rows of its
     * own (PostgreSQL runs them together, on one snapshot).
     */
    private void writePostgresql(Connection c, Digest d, boolean quiet) throws SQLException {
        int n = d.entries().size();
        String[] endpoints = new String[n];
        Long[] ticks = new Long[n];
        String[] stamps = new String[n];
        Integer[] priorities = new Integer[n];
        for (int i = 0; i < n; i++) {
            DigestEntry e = d.entries().get(i);
            endpoints[i] = e.endpoint();
            ticks[i] = e.tick();
            stamps[i] = e.stamp() == null ? null : e.stamp().toString();
            priorities[i] = e.conflictPriority();
        }
        try (PreparedStatement q = c.prepareStatement("WITH gone AS (DELETE FROM tributary_digest WHERE collection = ?"
                + " AND NOT (endpoint = ANY (?::varchar[]))),"
                + " kept AS (INSERT INTO tributary_digest (collection, position, endpoint, tick, stamp, priority)"
                + " SELECT ?, e.position - 1, e.endpoint, e.tick, e.stamp, e.priority"
                + " FROM unnest(?::varchar[], ?::bigint[], ?::varchar[], ?::int[]) WITH ORDINALITY"
                + " AS e(endpoint, tick, stamp, priority, position)"
                + " ON CONFLICT (collection, endpoint) DO UPDATE SET position = EXCLUDED.position, tick = EXCLUDED.tick,"
                + " stamp = EXCLUDED.stamp, priority = EXCLUDED.priority),"
                + " origin AS (INSERT INTO tributary_origin VALUES (?, ?) ON CONFLICT (collection)"
                + " DO UPDATE SET origin = EXCLUDED.origin)"
                // the triggers' setting as SqlDialect.POSTGRESQL's quiet makes it: transaction-local
                + (quiet ? " SELECT set_config('tributary.applying', 'on', true)" : " SELECT 1"))) {
            q.setString(1, collection);
            q.setArray(2, c.createArrayOf("varchar", endpoints));
            q.setString(3, collection);
            q.setArray(4, c.createArrayOf("varchar", endpoints));
            q.setArray(5, c.createArrayOf("int8", ticks));
            q.setArray(6, c.createArrayOf("varchar", stamps));
            q.setArray(7, c.createArrayOf("int4", priorities));
            q.setString(8, collection);
            setNullable(q, 9, d.origin());
            q.executeQuery().close();
        }
    }

    /** The stored digest (empty entries when none was written). */
    Digest read(Connection c) throws SQLException {
        String origin;
        try (PreparedStatement q = c.prepareStatement("SELECT origin FROM tributary_origin WHERE collection = ?")) {
            q.setString(1, collection);
            try (ResultSet rs = q.executeQuery()) {
                origin = rs.next() ? rs.getString(1) : null;
            }
        }
        List<DigestEntry> entries = new ArrayList<>();
        java.util.Set<String> endpoints = new java.util.HashSet<>();
        try (PreparedStatement q = c.prepareStatement("SELECT endpoint, tick, stamp, priority FROM tributary_digest"
                + " WHERE collection = ? ORDER BY position")) {
            q.setString(1, collection);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    entries.add(new DigestEntry(rs.getString(1), rs.getLong(2), instant(rs.getString(3)), rs.getInt(4)));
                    endpoints.add(rs.getString(1));
                }
            }
        }
        if (c.getAutoCommit()) {
            written = endpoints; // committed: what the table holds
        }
        return Digest.of(origin, entries);
    }

    /** A stamp as stored (an ISO-8601 instant), or null. */
    static Instant instant(String text) {
        if (text == null) {
            return null;
        }
        Instant canonical = CanonicalInstant.parse(text);
        return canonical != null ? canonical : Instant.parse(text);
    }
}
