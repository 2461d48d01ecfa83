package dev.tributary.node.records;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * A database of its own for one test: a schema in the local PostgreSQL (127.0.0.1:5432, database {@code test}), a
 * database in the local MariaDB (127.0.0.1:3306, root), or an SQLite file; dropped by {@link #close}. When the server
 * does not answer, {@link #open} skips the test with a message naming what is missing.
 */
final class TestDatabase implements AutoCloseable {
    /** The databases a test can run on. */
    enum Kind { SQLITE, POSTGRESQL, MARIADB }

    private static final String PG = "jdbc:postgresql://127.0.0.1:5432/test";
    private static final String MARIA = "jdbc:mariadb://127.0.0.1:3306/";

    final Kind kind;
    final String url;
    private final String name;

    private TestDatabase(Kind kind, String url, String name) {
        this.kind = kind;
        this.url = url;
        this.name = name;
    }

    /** A fresh database of {@code kind} (SQLite in {@code dir}), or the test skipped when its server does not answer. */
    static TestDatabase open(Kind kind, Path dir) {
        String name = "trib_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        switch (kind) {
            case SQLITE:
                return new TestDatabase(kind, "jdbc:sqlite:" + dir.resolve(name + ".db"), name);
            case POSTGRESQL:
                admin(PG, "postgres", "PostgreSQL on 127.0.0.1:5432 (database test, trust)", "CREATE SCHEMA " + name);
                return new TestDatabase(kind, PG + "?user=postgres&currentSchema=" + name, name);
            default:
                admin(MARIA, "root", "MariaDB on 127.0.0.1:3306 (user root)", "CREATE DATABASE " + name);
                return new TestDatabase(kind, MARIA + name + "?user=root", name);
        }
    }

    /** Whether the server of {@code kind} answers (SQLite always does). */
    static boolean available(Kind kind) {
        String url = kind == Kind.POSTGRESQL ? PG : MARIA;
        if (kind == Kind.SQLITE) {
            return true;
        }
        try (Connection c = DriverManager.getConnection(url, kind == Kind.POSTGRESQL ? "postgres" : "root", "")) {
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    private static void admin(String url, String user, String what, String sql) {
        Connection c;
        try {
            c = DriverManager.getConnection(url, user, "");
        } catch (SQLException e) {
            assumeTrue(false, what + " does not answer (" + e.getMessage() + "): test skipped");
            return;
        }
        try (c; Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** The schema (PostgreSQL) or database (MariaDB) the test works in; the SQLite file's name. */
    String name() {
        return name;
    }

    /** Runs {@code sql} in a session of PostgreSQL's database {@code test} whose search path is the default one. */
    static void execWithDefaultSearchPath(String sql) {
        admin(PG, "postgres", "PostgreSQL", sql);
    }

    /** A connection to this database. */
    Connection connect() throws SQLException {
        return DriverManager.getConnection(url);
    }

    /** Runs {@code sql} statements. */
    void exec(String... sql) {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            for (String s : sql) {
                st.execute(s);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(String.join("; ", sql) + ": " + e.getMessage(), e);
        }
    }

    /** The rows of {@code sql}, each as its columns' text joined by {@code |}. */
    List<String> rows(String sql) {
        List<String> out = new ArrayList<>();
        try (Connection c = connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder b = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    b.append(i > 1 ? "|" : "").append(rs.getString(i));
                }
                out.add(b.toString());
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** The key type for a text key, as this database spells it. */
    String textKey() {
        return "VARCHAR(64)";
    }

    @Override
    public void close() {
        switch (kind) {
            case SQLITE -> {
            }
            case POSTGRESQL -> admin(PG, "postgres", "PostgreSQL", "DROP SCHEMA " + name + " CASCADE");
            default -> admin(MARIA, "root", "MariaDB", "DROP DATABASE " + name);
        }
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(Locale.ROOT) + " " + name;
    }
}
