package dev.tributary.node.records;

import static dev.tributary.node.records.JdbcValues.marks;

import dev.tributary.records.Digest;
import dev.tributary.records.Payload;
import dev.tributary.records.Record;
import dev.tributary.records.SyncState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Finds the rows other applications changed in a synced table and makes them changes of this endpoint, at its next
 * ticks. Two ways: {@link #drainLog} reads the keys the table's triggers logged (no scan of the table); {@link #scan}
 * compares every row with the hash of its last synced content, the fallback without triggers and the first look at
 * a table that already holds rows. A row whose content is what the sync last wrote is no change. Each chunk of
 * changes is one transaction: the states, the digest, and (draining) the log entries read.
 *
 * <p>Not thread-safe: the table store calls it under its own lock, the one its commits take.
 */
final class OutsideChanges {
    private static final int CHUNK = 1000;

    /** The last synced content of a row, by key: whether it was deleted and its hash. */
    private record Known(boolean deleted, long hash) {
    }

    private final TablePool pool;
    private final TableColumns table;
    private final String state;
    private final String log;
    private final RowWriter writer;
    private final DigestTable digests;
    private final Supplier<Digest> digest;
    private final Consumer<Digest> digestCommitted;

    /**
     * @param digest          the store's digest now
     * @param digestCommitted told each digest once it is committed with the states it counts
     */
    OutsideChanges(TablePool pool, TableColumns table, String state, String log, RowWriter writer,
            DigestTable digests, Supplier<Digest> digest, Consumer<Digest> digestCommitted) {
        this.pool = pool;
        this.table = table;
        this.state = state;
        this.log = log;
        this.writer = writer;
        this.digests = digests;
        this.digest = digest;
        this.digestCommitted = digestCommitted;
    }

    private String endpoint() {
        return pool.config().endpoint();
    }

    /** Takes in the rows the triggers logged, emptying the log; returns how many were real changes. */
    int drainLog(Instant now) {
        int changed = 0;
        try (Connection c = pool.connection()) {
            while (true) {
                List<Long> seqs = new ArrayList<>();
                Set<String> keys = new LinkedHashSet<>();
                try (PreparedStatement q = c.prepareStatement("SELECT seq, k FROM " + log + " ORDER BY seq LIMIT " + CHUNK);
                     ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        seqs.add(rs.getLong(1));
                        if (rs.getString(2) != null) {
                            keys.add(rs.getString(2));
                        }
                    }
                }
                if (seqs.isEmpty()) {
                    return changed;
                }
                Map<String, Payload> rows = rows(c, keys);
                Map<String, Known> known = known(c, keys);
                List<Record> records = new ArrayList<>();
                Digest d = digest.get();
                for (String k : keys) {
                    Record r = change(k, rows.get(k), known.get(k), d, now);
                    if (r != null) {
                        records.add(r);
                        d = d.afterChange(r.state(), pool.config().priority(), now);
                    }
                }
                c.setAutoCommit(false);
                try {
                    writer.writeStates(c, records, Set.of());
                    digests.write(c, d);
                    try (PreparedStatement del = c.prepareStatement("DELETE FROM " + log + " WHERE seq IN ("
                            + marks(seqs.size()) + ")")) {
                        for (int i = 0; i < seqs.size(); i++) {
                            del.setLong(i + 1, seqs.get(i));
                        }
                        del.executeUpdate();
                    }
                    c.commit();
                    digestCommitted.accept(d);
                    changed += records.size();
                } catch (SQLException | RuntimeException e) {
                    c.rollback();
                    throw e;
                } finally {
                    c.setAutoCommit(true);
                }
            }
        } catch (SQLException e) {
            throw pool.failed("reading the change log " + log, e);
        }
    }

    /**
     * Compares every row with its last synced content, and every live state with its row. Streams the table; commits
     * the changes it finds in chunks, the states of rows the sync never saw by plain inserts (a table's first look
     * inserts a state for each of its rows).
     */
    int scan(Instant now) {
        List<Record> pending = new ArrayList<>();
        Set<String> unknown = new HashSet<>();
        int changed = 0;
        int width = table.columns().size();
        String sel = table.selectColumns() + ", s.deleted, s.hash FROM " + table.table() + " t LEFT JOIN " + state
                + " s ON s.k = t." + table.quotedKey();
        try (Connection c = pool.connection()) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.setFetchSize(CHUNK);
                try (ResultSet rs = st.executeQuery(sel)) {
                    while (rs.next()) {
                        String k = rs.getString(1);
                        Payload p = table.payload(rs, 2);
                        Object deleted = rs.getObject(width + 2);
                        Known kn = deleted == null ? null : new Known(rs.getInt(width + 2) != 0, rs.getLong(width + 3));
                        Record r = change(k, p, kn, null, now);
                        if (r != null) {
                            pending.add(r);
                            if (kn == null) {
                                unknown.add(k);
                            }
                            if (pending.size() >= CHUNK) {
                                changed += commit(pending, unknown, now);
                                pending.clear();
                                unknown.clear();
                            }
                        }
                    }
                }
                try (ResultSet rs = st.executeQuery("SELECT s.k FROM " + state + " s WHERE s.deleted = 0 AND NOT EXISTS"
                        + " (SELECT 1 FROM " + table.table() + " t WHERE t." + table.quotedKey() + " = s.k)")) {
                    while (rs.next()) {
                        pending.add(Record.tombstone(rs.getString(1), SyncState.of(endpoint(), 0, now)));
                    }
                }
            }
            c.commit();
            changed += commit(pending, unknown, now);
            return changed;
        } catch (SQLException e) {
            throw pool.failed("scanning table " + table.table(), e);
        }
    }

    /**
     * Gives {@code records} (states to be replaced; under {@code unknown} keys, states to be created) this endpoint's
     * next ticks and commits their states. A state created meanwhile under an unknown key makes it commit again with
     * upserts only.
     */
    private int commit(List<Record> records, Set<String> unknown, Instant now) throws SQLException {
        if (records.isEmpty()) {
            return 0;
        }
        Digest d = digest.get();
        List<Record> ticked = new ArrayList<>(records.size());
        for (Record r : records) {
            SyncState s = SyncState.of(endpoint(), d.tick(endpoint()), now);
            ticked.add(r.deleted() ? Record.tombstone(r.uuid(), s) : Record.live(r.uuid(), s, r.payload()));
            d = d.afterChange(s, pool.config().priority(), now);
        }
        try (Connection c = pool.connection()) {
            Set<String> insert = unknown;
            while (true) {
                c.setAutoCommit(false);
                try {
                    writer.writeStates(c, ticked, insert);
                    digests.write(c, d);
                    c.commit();
                    break;
                } catch (SQLException e) {
                    c.rollback();
                    if (insert.isEmpty() || !SqlFailures.isDuplicateKey(e)) {
                        throw e;
                    }
                    insert = Set.of();
                } catch (RuntimeException e) {
                    c.rollback();
                    throw e;
                } finally {
                    c.setAutoCommit(true);
                }
            }
            digestCommitted.accept(d);
        }
        return ticked.size();
    }

    /**
     * The change of row {@code k} (now {@code row}, null when gone) against what the sync last knew of it, or null
     * when it did not change. With {@code d} the record gets its tick from {@code d}; without, a placeholder.
     */
    private Record change(String k, Payload row, Known known, Digest d, Instant now) {
        long tick = d == null ? 0 : d.tick(endpoint());
        SyncState s = SyncState.of(endpoint(), tick, now);
        if (row != null) {
            if (known == null || known.deleted() || known.hash() != table.hash(row)) {
                return Record.live(k, s, row);
            }
            return null;
        }
        return known != null && !known.deleted() ? Record.tombstone(k, s) : null;
    }

    /** The rows under {@code keys}, read from the table itself. */
    Map<String, Payload> rows(Connection c, Collection<String> keys) throws SQLException {
        Map<String, Payload> out = new HashMap<>();
        if (keys.isEmpty()) {
            return out;
        }
        try (PreparedStatement q = c.prepareStatement(table.selectRows() + " WHERE t." + table.quotedKey() + " IN ("
                + marks(keys.size()) + ")")) {
            int i = 1;
            for (String k : keys) {
                q.setString(i++, k);
            }
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), table.payload(rs, 2));
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
}
