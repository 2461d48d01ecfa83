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

    DigestTable(String collection) {
        this.collection = collection;
    }

    /** Replaces the stored digest with {@code d}, inside the caller's transaction. */
    void write(Connection c, Digest d) throws SQLException {
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
        try (PreparedStatement q = c.prepareStatement("SELECT endpoint, tick, stamp, priority FROM tributary_digest"
                + " WHERE collection = ? ORDER BY position")) {
            q.setString(1, collection);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    entries.add(new DigestEntry(rs.getString(1), rs.getLong(2), instant(rs.getString(3)), rs.getInt(4)));
                }
            }
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
