package dev.tributary.node.records;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Rows into a PostgreSQL table by {@code COPY ... FROM STDIN} in text format: the cheapest way in, on both sides
 * (no statement per row, no bound parameter objects), for rows known not to be in the table yet. Each value goes as
 * text, which PostgreSQL reads by the column's type as it reads an insert's untyped literal; {@code null} is SQL
 * NULL. A key already present fails the whole COPY with a unique violation (SQLState 23505), as a batch of inserts
 * would; the caller's transaction is then to be rolled back.
 *
 * <p>Not thread-safe: one per batch of rows.
 */
final class PgCopy {
    private final String statement;
    private final int width;
    private byte[] buf = new byte[1 << 16];
    private int size;
    private int inRow;

    /** A COPY into {@code table}'s {@code columns}, in that order. */
    PgCopy(String table, List<String> columns) {
        this.statement = "COPY " + table + " (" + String.join(", ", columns) + ") FROM STDIN";
        this.width = columns.size();
    }

    /** Adds the next value of the current row (rows are {@code columns.size()} values, in order). */
    PgCopy value(String v) {
        if (inRow > 0) {
            put((byte) '\t');
        }
        if (v == null) {
            put((byte) '\\');
            put((byte) 'N');
        } else {
            text(v);
        }
        if (++inRow == width) {
            put((byte) '\n');
            inRow = 0;
        }
        return this;
    }

    /** Adds the next value of the current row, a number. */
    PgCopy value(long v) {
        return value(Long.toString(v));
    }

    private void put(byte b) {
        if (size == buf.length) {
            buf = Arrays.copyOf(buf, buf.length * 2);
        }
        buf[size++] = b;
    }

    /** {@code v} in COPY's text format: UTF-8, with backslash, tab, newline and carriage return escaped. */
    private void text(String v) {
        int n = v.length();
        if (size + n + 1 > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + n + 16));
        }
        for (int i = 0; i < n; i++) {
            char ch = v.charAt(i);
            if (ch >= 0x80 || ch == '\\' || ch == '\t' || ch == '\n' || ch == '\r') {
                size -= i; // back to the value's start: written the slow way
                escaped(v);
                return;
            }
            buf[size++] = (byte) ch;
        }
    }

    private void escaped(String v) {
        byte[] bytes = v.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
                .getBytes(StandardCharsets.UTF_8);
        if (size + bytes.length > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + bytes.length + 16));
        }
        System.arraycopy(bytes, 0, buf, size, bytes.length);
        size += bytes.length;
    }

    /** Sends the rows added to {@code c} (in its current transaction); returns how many PostgreSQL took. */
    long send(Connection c) throws SQLException {
        if (inRow != 0) {
            throw new IllegalStateException("a row of " + width + " values is incomplete");
        }
        if (size == 0) {
            return 0;
        }
        CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn(statement);
        try {
            copy.writeToCopy(buf, 0, size);
            return copy.endCopy();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
    }
}
