package dev.tributary.bench;

import dev.tributary.node.Node;
import dev.tributary.node.StoreKind;
import dev.tributary.node.http.HttpApi;
import dev.tributary.node.records.HttpSyncPass;
import dev.tributary.node.records.LiveSync;
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
 * sends them (time, entries sent); a last pass finds nothing (time, round trips); then, in live mode, single-row
 * updates at the source are timed until they arrive in the target's table (p50, p99). Each run works in databases of its
 * own (a schema in PostgreSQL, a database in MariaDB, files for SQLite) and drops them, when it ends or when the
 * process is stopped first ({@link BenchDatabases}).
 */
public final class RecordsBench {
    /** Changes timed in live mode. */
    private static final int LIVE_CHANGES = 100;

    private RecordsBench() {
    }

    /**
     * One run's figures. {@code initialCpuSeconds} is the CPU time the bench's JVM (source, engine and target
     * together) spent on the initial pass, a figure less at the mercy of other work on the machine than the wall time.
     */
    public record Result(long rows, double baselineRowsPerSecond, double openSeconds, double initialSeconds,
                         double initialRowsPerSecond, double initialCpuSeconds, int changed, double incrementalSeconds, int incrementalSent,
                         double inSyncSeconds, int inSyncRoundTrips, double liveP50Millis, double liveP99Millis) {
        /** The initial load's rate over the baseline. */
        public double ratio() {
            return initialRowsPerSecond / baselineRowsPerSecond;
        }
    }

    /** Runs once on {@code store} (sqlite, postgresql or mariadb) with {@code rows} rows and {@code changed} changes. */
    public static Result run(String store, int rows, int changed, Path tmp) throws Exception {
        String name = "trib_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        try (BenchDatabases databases = new BenchDatabases(store, tmp, System.err)) {
            String src = databases.create(name + "_s");
            String dst = databases.create(name + "_t");
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
            RecordsConfig config = RecordsConfig.defaults(null); // what a node serves
            try (Node ns = node("source", dir, s, config); Node nt = node("target", dir, t, config);
                 HttpApi as = HttpApi.start(ns, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                 HttpApi at = HttpApi.start(nt, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
                HttpClient http = HttpClient.newHttpClient();
                RecordsSync.Options o = new RecordsSync.Options(URI.create("http://127.0.0.1:" + as.port() + "/records/customers"),
                        URI.create("http://127.0.0.1:" + at.port() + "/records/customers"), null, false, "bench", null, null);
                t0 = System.nanoTime();
                long cpu0 = processCpuNanos();
                RecordsSync.Result initial = RecordsSync.run(http, o, RecordsBench::quiet);
                double initialSeconds = seconds(t0);
                double initialCpu = (processCpuNanos() - cpu0) / 1e9;
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
                double[] live = live(http, o, src, dst, rows);
                return new Result(rows, baseline, open, initialSeconds, rows / initialSeconds, initialCpu, changed,
                        incrementalSeconds,
                        incremental.entries(), inSyncSeconds, inSync.roundTrips(), live[0], live[1]);
            }
        }
    }

    /**
     * Live mode: the engine runs {@link LiveSync}; {@value #LIVE_CHANGES} times, one row is updated at the source
     * (as another application, through its own connection) and the time until the target's table holds the new value
     * is measured. Returns p50 and p99 in milliseconds.
     */
    private static double[] live(HttpClient http, RecordsSync.Options o, String src, String dst, int rows)
            throws Exception {
        Thread engine = new Thread(() -> {
            try {
                LiveSync.run(http, o, RecordsBench::quiet, r -> { });
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (java.io.IOException e) {
                // the bench's own endpoints: a refusal is a bug of the bench, and its timed reads fail with it
                throw new java.io.UncheckedIOException(e);
            }
        }, "bench live engine");
        engine.setDaemon(true);
        engine.start();
        double[] millis = new double[LIVE_CHANGES];
        try (Connection writer = DriverManager.getConnection(src); Connection reader = DriverManager.getConnection(dst);
             PreparedStatement up = writer.prepareStatement("UPDATE customers SET city = ? WHERE id = ?");
             PreparedStatement read = reader.prepareStatement("SELECT city FROM customers WHERE id = ?")) {
            Random random = new Random(2);
            for (int i = 0; i < LIVE_CHANGES; i++) {
                String id = String.format("c%09d", random.nextInt(rows));
                String city = "live " + i;
                up.setString(1, city);
                up.setString(2, id);
                long t0 = System.nanoTime();
                up.executeUpdate();
                read.setString(1, id);
                long deadline = t0 + 60_000_000_000L;
                while (!city.equals(value(read))) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("live mode: row " + id + " did not arrive within 60 s");
                    }
                    java.util.concurrent.locks.LockSupport.parkNanos(200_000); // a poll every 0.2 ms, leaving the CPU to the sync
                }
                millis[i] = (System.nanoTime() - t0) / 1e6;
            }
        } finally {
            engine.interrupt();
            engine.join(10_000);
        }
        java.util.Arrays.sort(millis);
        return new double[] {millis[(int) Math.ceil(0.50 * LIVE_CHANGES) - 1], millis[(int) Math.ceil(0.99 * LIVE_CHANGES) - 1]};
    }

    private static String value(PreparedStatement read) throws SQLException {
        try (java.sql.ResultSet rs = read.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
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

    /** The CPU time of this JVM so far (all its threads), in nanoseconds; -1 where the platform does not say. */
    private static long processCpuNanos() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() : -1;
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static void exec(String url, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    /**
     * The baseline: {@code rows} rows of about 200 bytes by the database's own batched inserts, 1,000 a transaction,
     * with the fastest settings the store itself uses: PostgreSQL's inserts rewritten into multi-row statements,
     * MariaDB's driver's bulk inserts (its default), SQLite in WAL mode with synchronous=NORMAL (the store's
     * durability; the default rollback journal would add fsyncs to every commit and flatter the ratio).
     */
    private static void insert(String url, int rows) throws SQLException {
        String u = url.startsWith("jdbc:postgresql") ? url + "&reWriteBatchedInserts=true" : url;
        String note = "x".repeat(110);
        try (Connection c = DriverManager.getConnection(u);
             PreparedStatement ins = c.prepareStatement("INSERT INTO customers VALUES (?, ?, ?, ?, ?)")) {
            if (url.startsWith("jdbc:sqlite")) {
                try (Statement st = c.createStatement()) {
                    st.execute("PRAGMA journal_mode=WAL");
                    st.execute("PRAGMA synchronous=NORMAL");
                }
            }
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
