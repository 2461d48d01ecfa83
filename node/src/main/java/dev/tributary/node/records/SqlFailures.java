package dev.tributary.node.records;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * What a database's failure means for the store's next step (try the same transaction again, or upsert instead), or
 * for the user (the table named does not exist).
 */
final class SqlFailures {
    private SqlFailures() {
    }

    /** Whether {@code e} is a deadlock or serialization failure, after which the same transaction may succeed. */
    static boolean isTransient(java.sql.SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLException s && ("40001".equals(s.getSQLState())
                    || "40P01".equals(s.getSQLState()) || s.getErrorCode() == 1213 || s.getErrorCode() == 1205)) {
                return true; // SQL's serialization failure; PostgreSQL's deadlock; MariaDB's deadlock, lock wait timeout
            }
        }
        return false;
    }

    /** Whether {@code e}, what it wraps, or what a batch chained to it says that a key is already taken. */
    static boolean isDuplicateKey(java.sql.SQLException e) {
        ArrayDeque<Throwable> todo = new ArrayDeque<>(List.of(e));
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        while (!todo.isEmpty()) {
            Throwable t = todo.pop();
            if (!seen.add(t)) {
                continue;
            }
            if (t instanceof java.sql.SQLException s) {
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

    /**
     * What a batch's failure says about its first failed statement ({@link java.sql.SQLException#getNextException}:
     * PostgreSQL's own words, where the batch's exception quotes the whole statement and its values), else {@code e}.
     */
    static java.sql.SQLException firstOfBatch(java.sql.SQLException e) {
        if (e instanceof java.sql.BatchUpdateException && e.getNextException() != null) {
            return e.getNextException();
        }
        return e;
    }

    /**
     * Whether {@code e} says that a column cannot take a value: SQL's data exception class (22: a value of the wrong
     * form, out of range, too long), or MariaDB's incorrect value (1366, 1292), value truncated (1265), out of range
     * (1264), too long (1406).
     */
    static boolean isRefusedValue(java.sql.SQLException e) {
        String state = e.getSQLState();
        int code = e.getErrorCode();
        return state != null && state.startsWith("22") || code == 1366 || code == 1292 || code == 1265 || code == 1264
                || code == 1406;
    }

    /**
     * Whether {@code e} or what it wraps says that the table queried does not exist: PostgreSQL's undefined_table
     * (42P01), MariaDB's ER_NO_SUCH_TABLE (42S02, 1146), SQLite's {@code no such table} (its SQLITE_ERROR says no more).
     */
    static boolean isMissingTable(java.sql.SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLException s && ("42P01".equals(s.getSQLState())
                    || "42S02".equals(s.getSQLState()) || s.getErrorCode() == 1146
                    || s.getClass().getName().startsWith("org.sqlite.") && String.valueOf(s.getMessage())
                            .contains("no such table"))) {
                return true;
            }
        }
        return false;
    }
}
