package dev.tributary.bench;

import dev.tributary.node.Node;
import dev.tributary.node.StoreKind;
import dev.tributary.node.http.HttpApi;
import dev.tributary.node.records.HttpSyncPass;
import dev.tributary.node.records.RecordsConfig;
import dev.tributary.node.records.RecordsService;
import dev.tributary.node.records.RecordsSync;
import dev.tributary.node.records.TableRecordStore;
import dev.tributary.node.records.TableStoreConfig;
import dev.tributary.records.RecordCollection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * {@code bench records}: record sync between two tables of one database kind over loopback HTTP. The source table
 * is filled by the database's own batched inserts (the baseline, timed); the store takes it in; one pass copies it
 * to the empty target (initial load, rows/s and its ratio to the baseline); M rows change at the source and a pass
 * sends them (time, entries sent); a last pass finds nothing (time, round trips). Each run works in databases of its
 * own (a schema in PostgreSQL, a database in MariaDB, files for SQLite) and drops them.
 */
public final class RecordsBench {
    private static final String PG = "jdbc:postgresql://127.0.0.1:5432/test";
    private static final String MARIA = "jdbc:mariadb://127.0.0.1:3306/";
    private static final int PAGE = 1000;

    private RecordsBench() {
    }

    /** One run's figures. */
    public record Result(long rows, double baselineRowsPerSecond, double openSeconds, double initialSeconds,
                         double initialRowsPerSecond, int changed, double incrementalSeconds, int incrementalSent,
                         double inSyncSeconds, int inSyncRoundTrips) {
        /** The initial load's rate over the baseline. */
        public double ratio() {
            return initialRowsPerSecond / baselineRowsPerSecond;
        }
    }

    /** Runs once on {@code store} (sqlite, postgresql or mariadb) with {@code rows} rows and {@code changed} changes. */
    public static Result run(String store, int rows, int changed, Path tmp) throws Exception {
        String name = "trib_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String src = create(store, name + "_s", tmp);
        String dst = create(store, name + "_t", tmp);
        try {
            String table = "CREATE TABLE customers (id VARCHAR(64) PRIMARY KEY, name VARCHAR(100), city VARCHAR(100),"
                    + " credit INTEGER, note VARCHAR(120))";
            exec(src, table);
            exec(dst, table);
            long t0 = System.nanoTime();
            insert(src, rows);
            double baseline = rows / seconds(t0);

            t0 = System.nanoTime();
            TableRecordStore s = TableRecordStore.open(TableStoreConfig.of(src, "customers", "urn:bench:source"));
            TableRecordStore t = TableRecordStore.open(TableStoreConfig.of(dst, "customers", "urn:bench:target"));
            double open = seconds(t0);
            Path dir = Files.createTempDirectory(tmp, "records-bench");
            RecordsConfig config = new RecordsConfig(null, PAGE, 256 << 20, 8);
            try (Node ns = node("source", dir, s, config); Node nt = node("target", dir, t, config);
                 HttpApi as = HttpApi.start(ns, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                 HttpApi at = HttpApi.start(nt, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
                HttpClient http = HttpClient.newHttpClient();
                RecordsSync.Options o = new RecordsSync.Options(URI.create("http://127.0.0.1:" + as.port() + "/records/customers"),
                        URI.create("http://127.0.0.1:" + at.port() + "/records/customers"), null, false, "bench", null, null);
                t0 = System.nanoTime();
                RecordsSync.Result initial = RecordsSync.run(http, o, RecordsBench::quiet);
                double initialSeconds = seconds(t0);
                if (initial.applied() != rows) {
                    throw new IllegalStateException("the initial pass applied " + initial.applied() + " of " + rows + " rows");
                }
                change(src, rows, changed);
                t0 = System.nanoTime();
                RecordsSync.Result incremental = RecordsSync.run(http, o, RecordsBench::quiet);
                double incrementalSeconds = seconds(t0);
                t0 = System.nanoTime();
                RecordsSync.Result inSync = RecordsSync.run(http, o, RecordsBench::quiet);
                double inSyncSeconds = seconds(t0);
                return new Result(rows, baseline, open, initialSeconds, rows / initialSeconds, changed, incrementalSeconds,
                        incremental.entries(), inSyncSeconds, inSync.roundTrips());
            }
        } finally {
            drop(store, name + "_s");
            drop(store, name + "_t");
        }
    }

    private static HttpSyncPass.Listener quiet(URI from, URI to) {
        return new HttpSyncPass.Listener() {
        };
    }

    private static Node node(String name, Path dir, TableRecordStore store, RecordsConfig config) {
        return Node.builder(name).datadir(dir.resolve(name)).storeKind(StoreKind.MEMORY)
                .service(RecordsService.factory(config, Map.of("customers", new RecordCollection(store, Clock.systemUTC()))))
                .build();
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static String create(String store, String name, Path tmp) throws SQLException {
        switch (store) {
            case "sqlite":
                return "jdbc:sqlite:" + tmp.resolve(name + ".db");
            case "postgresql":
                admin(PG + "?user=postgres", "CREATE SCHEMA " + name);
                return PG + "?user=postgres&currentSchema=" + name;
            case "mariadb":
                admin(MARIA + "?user=root", "CREATE DATABASE " + name);
                return MARIA + name + "?user=root";
            default:
                throw new IllegalArgumentException("--store is sqlite, postgresql or mariadb, not " + store);
        }
    }

    private static void drop(String store, String name) {
        try {
            switch (store) {
                case "postgresql" -> admin(PG + "?user=postgres", "DROP SCHEMA " + name + " CASCADE");
                case "mariadb" -> admin(MARIA + "?user=root", "DROP DATABASE " + name);
                default -> {
                }
            }
        } catch (SQLException e) {
            System.err.println("warning: could not drop " + name + ": " + e.getMessage());
        }
    }

    private static void admin(String url, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new SQLException("cannot use " + url.replaceAll("\\?.*", "") + ": " + e.getMessage(), e);
        }
    }

    private static void exec(String url, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    /** The baseline: {@code rows} rows of about 200 bytes by the database's own batched inserts, 1,000 a transaction. */
    private static void insert(String url, int rows) throws SQLException {
        String u = url.startsWith("jdbc:postgresql") ? url + "&reWriteBatchedInserts=true" : url;
        String note = "x".repeat(110);
        try (Connection c = DriverManager.getConnection(u);
             PreparedStatement ins = c.prepareStatement("INSERT INTO customers VALUES (?, ?, ?, ?, ?)")) {
            c.setAutoCommit(false);
            for (int i = 0; i < rows; i++) {
                ins.setString(1, String.format("c%09d", i));
                ins.setString(2, "customer name " + i);
                ins.setString(3, "city " + (i % 1000));
                ins.setInt(4, i);
                ins.setString(5, note);
                ins.addBatch();
                if (i % 1000 == 999 || i == rows - 1) {
                    ins.executeBatch();
                    c.commit();
                }
            }
        }
    }

    /** Updates {@code changed} distinct random rows. */
    private static void change(String url, int rows, int changed) throws SQLException {
        Random random = new Random(1);
        java.util.Set<Integer> picked = new java.util.HashSet<>();
        while (picked.size() < Math.min(changed, rows)) {
            picked.add(random.nextInt(rows));
        }
        try (Connection c = DriverManager.getConnection(url);
             PreparedStatement up = c.prepareStatement("UPDATE customers SET city = ? WHERE id = ?")) {
            c.setAutoCommit(false);
            for (int i : picked) {
                up.setString(1, "changed " + i);
                up.setString(2, String.format("c%09d", i));
                up.addBatch();
            }
            up.executeBatch();
            c.commit();
        }
    }
}
