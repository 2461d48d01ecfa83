package dev.tributary.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The databases one {@code bench records} run creates, and their dropping: a schema in PostgreSQL, a database in
 * MariaDB, a file (with its WAL and shared-memory files) for SQLite. {@link #close} drops them when the run ends; a
 * shutdown hook, registered while any exists, drops them when the process is stopped first (Ctrl-C, SIGTERM), so an
 * interrupted bench leaves no {@code trib_bench_*} behind. A drop that fails is said on standard error with the
 * statement that would finish it. Each is dropped once, by whichever of the two gets to it first. The hook turns the
 * logs off first: the run goes on while the process stops, and what it logs then is only that its tables are gone.
 *
 * <p>A drop waits at most {@value #LOCK_WAIT_SECONDS} s for the tables' locks: on an interruption the bench's own
 * connections may still hold them, and MariaDB's default wait is a year.
 */
final class BenchDatabases implements AutoCloseable {
    static final String PG = "jdbc:postgresql://127.0.0.1:5432/test";
    static final String MARIA = "jdbc:mariadb://127.0.0.1:3306/";
    private static final int LOCK_WAIT_SECONDS = 10;

    private final String store;
    private final Path tmp;
    private final PrintStream err;
    /** Created and not dropped yet; guarded by this. */
    private final Set<String> created = new LinkedHashSet<>();
    private final Thread hook = new Thread(this::dropOnInterruption, "bench-records-drop");
    private boolean hooked;

    /**
     * @param store sqlite, postgresql or mariadb
     * @param tmp   where SQLite's files go
     * @param err   where a failed drop is said
     */
    BenchDatabases(String store, Path tmp, PrintStream err) {
        if (!store.equals("sqlite") && !store.equals("postgresql") && !store.equals("mariadb")) {
            throw new IllegalArgumentException("--store is sqlite, postgresql or mariadb, not " + store);
        }
        this.store = store;
        this.tmp = tmp;
        this.err = err;
    }

    /** Creates the database {@code name} and returns its JDBC URL; it is dropped by {@link #close} or at shutdown. */
    String create(String name) throws SQLException {
        synchronized (this) {
            if (!hooked) {
                Runtime.getRuntime().addShutdownHook(hook);
                hooked = true;
            }
            // counted before it exists: an interruption during the statement still drops it (IF EXISTS)
            created.add(name);
        }
        try {
            switch (store) {
                case "postgresql":
                    admin(PG + "?user=postgres", "CREATE SCHEMA " + name);
                    return PG + "?user=postgres&currentSchema=" + name;
                case "mariadb":
                    admin(MARIA + "?user=root", "CREATE DATABASE " + name);
                    return MARIA + name + "?user=root";
                default:
                    return "jdbc:sqlite:" + sqliteFile(name);
            }
        } catch (SQLException e) {
            synchronized (this) {
                created.remove(name); // not created: nothing to drop, no second error line about it
            }
            throw e;
        }
    }

    /** Drops what is left, and ends the shutdown hook when the process is not stopping. */
    @Override
    public void close() {
        dropAll();
        synchronized (this) {
            if (hooked) {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the hook runs, and finds nothing left to drop
                }
                hooked = false;
            }
        }
    }

    private void dropOnInterruption() {
        // The run goes on meanwhile and meets its tables gone: its failures from here on are the drop's doing.
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.OFF);
        List<String> dropped = dropAll();
        if (!dropped.isEmpty()) {
            err.println("bench records: stopped; dropped its databases " + String.join(", ", dropped));
            err.flush();
        }
    }

    /** Drops every database not dropped yet; returns the names of those dropped. */
    private List<String> dropAll() {
        List<String> names;
        synchronized (this) {
            names = new ArrayList<>(created);
            created.clear();
        }
        List<String> dropped = new ArrayList<>();
        for (String name : names) {
            if (drop(name)) {
                dropped.add(name);
            }
        }
        return dropped;
    }

    /** Drops {@code name}; false, after a warning line saying so, when that failed. */
    private boolean drop(String name) {
        String statement = switch (store) {
            case "postgresql" -> "DROP SCHEMA IF EXISTS " + name + " CASCADE";
            case "mariadb" -> "DROP DATABASE IF EXISTS " + name;
            default -> null;
        };
        try {
            switch (store) {
                case "postgresql" -> admin(PG + "?user=postgres", "SET lock_timeout = '" + LOCK_WAIT_SECONDS + "s'",
                        statement);
                case "mariadb" -> admin(MARIA + "?user=root", "SET SESSION lock_wait_timeout = " + LOCK_WAIT_SECONDS,
                        statement);
                default -> {
                    for (String suffix : List.of("", "-wal", "-shm")) {
                        Files.deleteIfExists(Path.of(sqliteFile(name) + suffix));
                    }
                }
            }
            return true;
        } catch (SQLException | IOException e) {
            err.println(statement == null
                    ? "warning: could not delete the bench's file " + sqliteFile(name) + ": " + e.getMessage()
                    : "warning: could not drop the bench's database " + name + ": " + e.getMessage()
                            + "; drop it with: " + statement);
            err.flush();
            return false;
        }
    }

    private Path sqliteFile(String name) {
        return tmp.resolve(name + ".db");
    }

    private static void admin(String url, String... statements) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            for (String sql : statements) {
                st.execute(sql);
            }
        } catch (SQLException e) {
            throw new SQLException("cannot use " + url.replaceAll("\\?.*", "") + ": " + e.getMessage(), e);
        }
    }
}
