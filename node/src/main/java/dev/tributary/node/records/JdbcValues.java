package dev.tributary.node.records;

import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Collections;
import java.util.HexFormat;

/** Small pieces of JDBC statements the table store writes again and again. */
final class JdbcValues {
    private JdbcValues() {
    }

    /** Binds {@code value} as text, or SQL NULL when it is null. */
    static void setNullable(PreparedStatement st, int index, String value) throws SQLException {
        if (value == null) {
            st.setNull(index, Types.VARCHAR);
        } else {
            st.setString(index, value);
        }
    }

    /**
     * Binds a binary column's value as bytes ({@link #bytes}), or SQL NULL when it is null: MariaDB and SQLite keep
     * bytes bound as text as that text's UTF-8, and PostgreSQL refuses a zero byte in text.
     */
    static void setBinary(PreparedStatement st, int index, String value) throws SQLException {
        if (value == null) {
            st.setNull(index, Types.VARBINARY);
        } else {
            st.setBytes(index, bytes(value));
        }
    }

    /** {@code bytes} as a binary column's value travels: {@code \x} and their hex, lower case; null for null. */
    static String hex(byte[] bytes) {
        return bytes == null ? null : "\\x" + HexFormat.of().formatHex(bytes);
    }

    /**
     * The bytes of a binary column's value: those of {@code \x} and hex ({@link #hex}, PostgreSQL's {@code bytea}
     * output); any other text (from a text column on the other side) as its UTF-8.
     */
    static byte[] bytes(String value) {
        if (isHex(value)) {
            return HexFormat.of().parseHex(value, 2, value.length());
        }
        return value.getBytes(StandardCharsets.UTF_8);
    }

    /** {@code value} as PostgreSQL's COPY reads it into a {@code bytea} column: {@code \x} and hex. */
    static String hexText(String value) {
        return value == null || isHex(value) ? value : hex(value.getBytes(StandardCharsets.UTF_8));
    }

    private static boolean isHex(String v) {
        if (v.length() < 2 || v.charAt(0) != '\\' || v.charAt(1) != 'x' || v.length() % 2 != 0) {
            return false;
        }
        for (int i = 2; i < v.length(); i++) {
            if (Character.digit(v.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    /** {@code n} parameter marks: {@code ?, ?, ?}. */
    static String marks(int n) {
        return String.join(", ", Collections.nCopies(n, "?"));
    }
}
