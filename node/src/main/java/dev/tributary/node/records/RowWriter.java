package dev.tributary.node.records;

import static dev.tributary.node.records.JdbcValues.setNullable;

import dev.tributary.records.Record;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes records into an application's table and their sync states into its state table, inside the caller's
 * transaction, in batches: rows under keys the caller knows are new by plain inserts (by COPY in PostgreSQL, the
 * cheapest way in), every other row by the database's upsert, deletes by key. A state row is {@code (k, endpoint,
 * tick, stamp, usr, deleted, hash)}: the record's sync state and the hash of its payload ({@link TableColumns#hash}).
 */
final class RowWriter {
    private static final List<String> STATE_COLUMNS = List.of("endpoint", "tick", "stamp", "usr", "deleted", "hash");

    private final SqlDialect dialect;
    private final TableColumns table;
    private final String state;

    RowWriter(SqlDialect dialect, TableColumns table, String state) {
        this.dialect = dialect;
        this.table = table;
        this.state = state;
    }

    /** Writes the rows of {@code records} (live ones upserted, inserted under {@code unknown} keys; tombstones deleted). */
    void writeRows(Connection c, List<Record> records, Set<String> unknown) throws SQLException {
        // one batch per set of columns written and per statement (insert of unknown rows, upsert of the others)
        Map<List<String>, List<Record>> byColumns = new LinkedHashMap<>();
        List<Record> deletes = new ArrayList<>();
        for (Record r : records) {
            if (r.deleted()) {
                deletes.add(r); // even under an unknown key: a row written behind the sync's back has no state
            } else {
                List<String> cols = new ArrayList<>(table.writable(r.payload()));
                cols.add(unknown.contains(r.uuid()) ? "" : null); // the last element tells insert ("") from upsert
                byColumns.computeIfAbsent(cols, x -> new ArrayList<>()).add(r);
            }
        }
        for (Map.Entry<List<String>, List<Record>> group : byColumns.entrySet()) {
            List<String> cols = group.getKey().subList(0, group.getKey().size() - 1);
            boolean insert = group.getKey().get(cols.size()) != null;
            writeRows(c, cols, insert, group.getValue());
        }
        if (!deletes.isEmpty()) {
            try (PreparedStatement del = c.prepareStatement("DELETE FROM " + table.table() + " WHERE " + table.quotedKey()
                    + " = ?")) {
                for (Record r : deletes) {
                    del.setString(1, r.uuid());
                    del.addBatch();
                }
                del.executeBatch();
            }
        }
    }

    private void writeRows(Connection c, List<String> cols, boolean insert, List<Record> records) throws SQLException {
        int[] at = new int[cols.size()]; // where each written column is in the table's columns
        for (int i = 0; i < at.length; i++) {
            at[i] = table.columns().indexOf(cols.get(i));
        }
        if (insert && dialect == SqlDialect.POSTGRESQL) {
            // new rows by COPY: the cheapest way into PostgreSQL; a key taken meanwhile fails it as an insert would
            List<String> all = new ArrayList<>(cols.size() + 1);
            all.add(table.quotedKey());
            cols.forEach(col -> all.add(table.quoted(col)));
            PgCopy copy = new PgCopy(table.table(), all);
            for (Record r : records) {
                copy.value(r.uuid());
                String[] values = table.values(r.payload());
                for (int i : at) {
                    copy.value(table.binary(i) ? JdbcValues.hexText(values[i]) : values[i]);
                }
            }
            copy.send(c);
            return;
        }
        List<String> quoted = cols.stream().map(table::quoted).toList();
        try (PreparedStatement up = c.prepareStatement(insert ? SqlDialect.insert(table.table(), table.quotedKey(), quoted)
                : dialect.upsert(table.table(), table.quotedKey(), quoted))) {
            for (Record r : records) {
                up.setString(1, r.uuid());
                String[] values = table.values(r.payload());
                for (int i = 0; i < cols.size(); i++) {
                    if (table.binary(at[i])) {
                        JdbcValues.setBinary(up, i + 2, values[at[i]]);
                    } else {
                        setNullable(up, i + 2, values[at[i]]);
                    }
                }
                up.addBatch();
            }
            up.executeBatch();
        }
    }

    /** Writes the states of {@code records}: inserted under {@code unknown} keys (no state yet), else upserted. */
    void writeStates(Connection c, List<Record> records, Set<String> unknown) throws SQLException {
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
                        .value(r.deleted() ? 1 : 0).value(r.deleted() ? 0 : table.hash(r.payload()));
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
                up.setLong(7, r.deleted() ? 0 : table.hash(r.payload()));
                up.addBatch();
            }
            up.executeBatch();
        }
    }
}
