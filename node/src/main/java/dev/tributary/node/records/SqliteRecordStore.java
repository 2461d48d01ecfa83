package dev.tributary.node.records;

import static dev.tributary.node.records.JdbcValues.setNullable;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.records.Digest;
import dev.tributary.records.Payload;
import dev.tributary.records.Record;
import dev.tributary.records.RecordStore;
import dev.tributary.records.SyncState;
import dev.tributary.store.StoreException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link RecordStore} in an SQLite file through JDBC: the embedded default, no server to start. Several
 * collections may share one file. Layout (created when missing):
 *
 * <pre>
 *  tributary_collection(collection PK, endpoint, priority)          one row per collection
 *  tributary_record(collection, uuid, endpoint, tick, stamp, user, deleted, kind, properties,
 *                   PK (collection, uuid))                           a record or tombstone with its sync state;
 *                                                                    properties as a JSON object
 *  index tributary_record_change(collection, endpoint, tick)         what a pass reads: no table scan
 *  tributary_digest(collection, position, endpoint, tick, stamp, priority, PK (collection, endpoint))
 *  tributary_origin(collection PK, origin)                           the digest's origin (may be null)
 * </pre>
 *
 * A {@link #commit} is one SQLite transaction (WAL journal), so a crash leaves a page applied wholly or not at all.
 * Stamps are ISO-8601 text. One connection, used under this object's lock. Failures are {@link StoreException}s
 * naming the file.
 */
public final class SqliteRecordStore implements RecordStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path file;
    private final String collection;
    private final String endpoint;
    private final Connection db;
    private final Map<String, PreparedStatement> statements = new java.util.HashMap<>();
    private final DigestTable digests;

    private SqliteRecordStore(Path file, String collection, String endpoint, Connection db) {
        this.file = file;
        this.collection = collection;
        this.digests = new DigestTable(collection);
        this.endpoint = endpoint;
        this.db = db;
    }

    /**
     * Opens (creating when needed) {@code collection} in the SQLite file {@code file} as endpoint {@code endpoint}
     * with conflict priority {@code priority} (used when the collection is new).
     *
     * @throws StoreException when the file cannot be used, or holds the collection under another endpoint
     */
    public static SqliteRecordStore open(Path file, String collection, String endpoint, int priority) {
        try {
            Connection db = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try {
                SqliteRecordStore s = new SqliteRecordStore(file, collection, endpoint, db);
                s.init(priority);
                return s;
            } catch (SQLException | RuntimeException e) {
                db.close();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("cannot open the SQLite store " + file + ": " + e.getMessage(), e);
        }
    }

    private void init(int priority) throws SQLException {
        try (Statement st = db.createStatement()) {
            st.execute("PRAGMA journal_mode=WAL");
            st.execute("PRAGMA synchronous=NORMAL");
            st.execute("CREATE TABLE IF NOT EXISTS tributary_collection(collection TEXT PRIMARY KEY, endpoint TEXT NOT NULL,"
                    + " priority INTEGER NOT NULL)");
            st.execute("CREATE TABLE IF NOT EXISTS tributary_record(collection TEXT NOT NULL, uuid TEXT NOT NULL,"
                    + " endpoint TEXT NOT NULL, tick INTEGER NOT NULL, stamp TEXT, user TEXT, deleted INTEGER NOT NULL,"
                    + " kind TEXT, properties TEXT, PRIMARY KEY (collection, uuid))");
            st.execute("CREATE INDEX IF NOT EXISTS tributary_record_change ON tributary_record(collection, endpoint, tick)");
            st.execute("CREATE TABLE IF NOT EXISTS tributary_digest(collection TEXT NOT NULL, position INTEGER NOT NULL,"
                    + " endpoint TEXT NOT NULL, tick INTEGER NOT NULL, stamp TEXT, priority INTEGER NOT NULL,"
                    + " PRIMARY KEY (collection, endpoint))");
            st.execute("CREATE TABLE IF NOT EXISTS tributary_origin(collection TEXT PRIMARY KEY, origin TEXT)");
        }
        try (PreparedStatement q = db.prepareStatement("SELECT endpoint FROM tributary_collection WHERE collection = ?")) {
            q.setString(1, collection);
            try (ResultSet rs = q.executeQuery()) {
                if (rs.next()) {
                    if (!rs.getString(1).equals(endpoint)) {
                        throw new StoreException("the SQLite store " + file + " holds collection " + collection
                                + " as endpoint " + rs.getString(1) + ", not " + endpoint);
                    }
                    db.setAutoCommit(false);
                    return;
                }
            }
        }
        try (PreparedStatement ins = db.prepareStatement("INSERT INTO tributary_collection VALUES (?, ?, ?)")) {
            ins.setString(1, collection);
            ins.setString(2, endpoint);
            ins.setInt(3, priority);
            ins.executeUpdate();
        }
        db.setAutoCommit(false);
        digests.write(db, Digest.empty(endpoint, priority));
        db.commit();
    }

    @Override
    public String endpoint() {
        return endpoint;
    }

    @Override
    public synchronized Digest digest() {
        try {
            Digest d = digests.read(db);
            db.commit();
            return d;
        } catch (SQLException e) {
            throw failed("reading the digest", e);
        }
    }

    @Override
    public synchronized Optional<Record> get(String uuid) {
        try {
            PreparedStatement q = statement("SELECT uuid, endpoint, tick, stamp, user, deleted, kind, properties"
                + " FROM tributary_record WHERE collection = ? AND uuid = ?");
            q.setString(1, collection);
            q.setString(2, uuid);
            try (ResultSet rs = q.executeQuery()) {
                Optional<Record> r = rs.next() ? Optional.of(record(rs)) : Optional.empty();
                db.commit();
                return r;
            }
        } catch (SQLException e) {
            throw failed("reading record " + uuid, e);
        }
    }

    /** One query per 500 uuids. */
    @Override
    public synchronized Map<String, Record> getAll(java.util.Collection<String> uuids) {
        Map<String, Record> out = new java.util.HashMap<>();
        List<String> all = new ArrayList<>(new java.util.LinkedHashSet<>(uuids));
        try {
            for (int from = 0; from < all.size(); from += 500) {
                List<String> chunk = all.subList(from, Math.min(all.size(), from + 500));
                PreparedStatement q = statement("SELECT uuid, endpoint, tick, stamp, user, deleted, kind, properties"
                        + " FROM tributary_record WHERE collection = ? AND uuid IN ("
                        + String.join(", ", java.util.Collections.nCopies(chunk.size(), "?")) + ")");
                q.setString(1, collection);
                for (int i = 0; i < chunk.size(); i++) {
                    q.setString(i + 2, chunk.get(i));
                }
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        Record r = record(rs);
                        out.put(r.uuid(), r);
                    }
                }
            }
            db.commit();
            return out;
        } catch (SQLException e) {
            throw failed("reading " + all.size() + " records", e);
        }
    }

    @Override
    public synchronized List<Record> changes(String changer, long fromTick, long toTickExclusive, int limit) {
        try {
            PreparedStatement q = statement("SELECT uuid, endpoint, tick, stamp, user, deleted, kind, properties"
                + " FROM tributary_record WHERE collection = ? AND endpoint = ? AND tick >= ? AND tick < ?"
                + " ORDER BY tick LIMIT ?");
            q.setString(1, collection);
            q.setString(2, changer);
            q.setLong(3, fromTick);
            q.setLong(4, toTickExclusive);
            q.setInt(5, limit);
            List<Record> out = new ArrayList<>();
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.add(record(rs));
                }
            }
            db.commit();
            return out;
        } catch (SQLException e) {
            throw failed("listing changes of " + changer, e);
        }
    }

    @Override
    public synchronized void commit(List<Record> records, Digest digest) {
        try {
            {
            PreparedStatement up = statement("INSERT OR REPLACE INTO tributary_record"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
                for (Record r : records) {
                    up.setString(1, collection);
                    up.setString(2, r.uuid());
                    up.setString(3, r.state().endpoint());
                    up.setLong(4, r.state().tick());
                    setNullable(up, 5, r.state().stamp() == null ? null : r.state().stamp().toString());
                    setNullable(up, 6, r.state().user());
                    up.setInt(7, r.deleted() ? 1 : 0);
                    setNullable(up, 8, r.payload() == null ? null : r.payload().kind());
                    setNullable(up, 9, r.payload() == null ? null : properties(r.payload()));
                    up.addBatch();
                }
                up.executeBatch();
            }
            digests.write(db, digest);
            db.commit();
        } catch (SQLException e) {
            try {
                db.rollback();
            } catch (SQLException ignored) {
                // the failure below says what went wrong
            }
            throw failed("committing " + records.size() + " records", e);
        }
    }

    /** In the order of the primary key's index (SQLite's binary collation: code point order for text keys). */
    @Override
    public synchronized void scanLive(dev.tributary.records.KeyRange range, dev.tributary.records.LiveRowVisitor visitor) {
        try {
            PreparedStatement q = statement("SELECT uuid, kind, properties FROM tributary_record WHERE collection = ?"
                    + " AND deleted = 0" + bounds(range) + " ORDER BY uuid");
            bind(q, range);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next() && visitor.row(rs.getString(1), payload(rs.getString(2), rs.getString(3)))) {
                    // the visitor has the row
                }
            }
            db.commit();
        } catch (SQLException e) {
            throw failed("reading the records in " + range, e);
        }
    }

    @Override
    public synchronized long countLive(dev.tributary.records.KeyRange range) {
        try {
            PreparedStatement q = statement("SELECT count(*) FROM tributary_record WHERE collection = ? AND deleted = 0"
                    + bounds(range));
            bind(q, range);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                long n = rs.getLong(1);
                db.commit();
                return n;
            }
        } catch (SQLException e) {
            throw failed("counting the records in " + range, e);
        }
    }

    private static String bounds(dev.tributary.records.KeyRange range) {
        return (range.from() == null ? "" : " AND uuid >= ?") + (range.to() == null ? "" : " AND uuid < ?");
    }

    private void bind(PreparedStatement q, dev.tributary.records.KeyRange range) throws SQLException {
        int i = 1;
        q.setString(i++, collection);
        if (range.from() != null) {
            q.setString(i++, range.from());
        }
        if (range.to() != null) {
            q.setString(i, range.to());
        }
    }

    @Override
    public synchronized long size() {
        try {
            PreparedStatement q = statement("SELECT count(*) FROM tributary_record WHERE collection = ?");
            q.setString(1, collection);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                long n = rs.getLong(1);
                db.commit();
                return n;
            }
        } catch (SQLException e) {
            throw failed("counting records", e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            db.close();
        } catch (SQLException e) {
            throw failed("closing", e);
        }
    }

    /** The statement for {@code sql}, prepared once. */
    private PreparedStatement statement(String sql) throws SQLException {
        PreparedStatement st = statements.get(sql);
        if (st == null) {
            st = db.prepareStatement(sql);
            statements.put(sql, st);
        }
        return st;
    }

    private Record record(ResultSet rs) throws SQLException {
        SyncState state = new SyncState(rs.getString(2), rs.getLong(3), DigestTable.instant(rs.getString(4)), rs.getString(5));
        if (rs.getInt(6) != 0) {
            return Record.tombstone(rs.getString(1), state);
        }
        return Record.live(rs.getString(1), state, payload(rs.getString(7), rs.getString(8)));
    }

    private static String properties(Payload p) {
        ObjectNode o = JSON.createObjectNode();
        p.properties().forEach(o::put);
        return o.toString();
    }

    private Payload payload(String kind, String properties) {
        try {
            Map<String, String> map = new LinkedHashMap<>();
            Iterator<Map.Entry<String, JsonNode>> fields = JSON.readTree(properties).fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                map.put(f.getKey(), f.getValue().isNull() ? null : f.getValue().asText());
            }
            return Payload.of(kind, map);
        } catch (JsonProcessingException e) {
            throw new StoreException("the SQLite store " + file + " holds a record whose properties are not JSON", e);
        }
    }

    private StoreException failed(String doing, SQLException e) {
        return new StoreException("SQLite store " + file + " (collection " + collection + "): " + doing + " failed: "
                + e.getMessage(), e);
    }
}
