package dev.tributary.node.records;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Collections;

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

    /** {@code n} parameter marks: {@code ?, ?, ?}. */
    static String marks(int n) {
        return String.join(", ", Collections.nCopies(n, "?"));
    }
}
