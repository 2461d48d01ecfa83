package dev.tributary.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tributary.node.cli.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code tributary bench}, in this JVM with the bench module on the class path: usage errors exit 2 with
 * picocli's usage message, and each end-to-end benchmark ends with its documented {@code key=value} line.
 */
class BenchCommandLineIT {

    @Test
    void usageErrorsExit2() {
        assertUsageError(Cli.run("bench", "blocks", "--peers", "0"), "--peers");
        assertUsageError(Cli.run("bench", "vs-bitcoinj", "--count", "0"), "--count");
        assertUsageError(Cli.run("bench", "vs-bitcoinj", "--runs", "0"), "--runs");
        assertUsageError(Cli.run("bench", "headers", "--runs", "0"), "--runs");
        assertUsageError(Cli.run("bench", "relay", "--nodes", "1"),
                "invalid value for option '--nodes': must be from 2 to 50, not 1");
    }

    @Test
    void benchHeadersEndsWithItsKeyValueLine() {
        Cli.Result r = Cli.run("bench", "headers", "--count", "5000");
        assertThat(r.exitCode()).as("%s", r).isZero();
        Map<String, String> kv = keyValues(r.lastOut());
        assertThat(kv).containsKeys("bench", "count", "seconds", "headers_per_s", "sha256d_per_s", "ratio");
        assertThat(kv).containsEntry("bench", "headers").containsEntry("count", "5000");
        assertNumbers(kv, "seconds", "headers_per_s", "sha256d_per_s", "ratio", "heap_bytes_per_header");
        for (String stage : new String[] {"serve", "decode", "validate", "store"}) {
            assertNumbers(kv, stage + "_per_s", stage + "_share");
            assertThat(Double.parseDouble(kv.get(stage + "_per_s"))).as(stage).isPositive();
        }
    }

    @Test
    void benchHeadersWithRunsEndsWithTheMedians() {
        Cli.Result r = Cli.run("bench", "headers", "--count", "3000", "--runs", "3", "--warmup", "1");
        assertThat(r.exitCode()).as("%s", r).isZero();
        assertThat(r.out().stream().filter(l -> l.startsWith("bench=headers warmup=true count=3000"))).as("%s", r).hasSize(1);
        assertThat(r.out().stream().filter(l -> l.startsWith("bench=headers count=3000"))).as("%s", r).hasSize(3);
        Map<String, String> kv = keyValues(r.lastOut());
        assertThat(kv).containsEntry("bench", "headers").containsEntry("runs", "3").containsEntry("warmup", "1");
        assertNumbers(kv, "median_headers_per_s", "median_ratio");
    }

    @Test
    void benchBlocksEndsWithItsKeyValueLine() {
        Cli.Result r = Cli.run("bench", "blocks", "--peers", "2", "--blocks", "20", "--block-size", "5000",
                "--peer-rate", "1000000");
        assertThat(r.exitCode()).as("%s", r).isZero();
        Map<String, String> kv = keyValues(r.lastOut());
        assertThat(kv).containsEntry("bench", "blocks").containsEntry("peers", "2").containsEntry("blocks", "20")
                .containsEntry("block_size", "5000").containsEntry("peer_rate", "1000000");
        assertThat(kv).containsKeys("mb", "seconds_1", "seconds_k", "mb_per_s_1", "mb_per_s_k", "speedup");
        assertNumbers(kv, "mb", "seconds_1", "seconds_k", "mb_per_s_1", "mb_per_s_k", "speedup");
    }

    @Test
    void benchVsBitcoinjEndsWithItsKeyValueLine() {
        Cli.Result r = Cli.run("bench", "vs-bitcoinj", "--count", "3000");
        assertThat(r.exitCode()).as("%s", r).isZero();
        Map<String, String> kv = keyValues(r.lastOut());
        assertThat(kv).containsEntry("bench", "vs-bitcoinj").containsEntry("count", "3000");
        assertThat(kv).containsKeys("tributary_seconds", "tributary_headers_per_s", "bitcoinj_seconds",
                "bitcoinj_headers_per_s", "ratio");
        assertNumbers(kv, "tributary_seconds", "tributary_headers_per_s", "bitcoinj_seconds", "bitcoinj_headers_per_s",
                "ratio");
    }

    @Test
    void benchVsBitcoinjWithRunsEndsWithTheMedians() {
        Cli.Result r = Cli.run("bench", "vs-bitcoinj", "--count", "2000", "--runs", "2");
        assertThat(r.exitCode()).as("%s", r).isZero();
        assertThat(r.out().stream().filter(l -> l.startsWith("bench=vs-bitcoinj count=2000"))).as("%s", r).hasSize(2);
        Map<String, String> kv = keyValues(r.lastOut());
        assertThat(kv).containsEntry("bench", "vs-bitcoinj").containsEntry("runs", "2");
        assertNumbers(kv, "median_tributary_headers_per_s", "median_bitcoinj_headers_per_s", "median_ratio");
    }

    @Test
    void benchSecp256k1EndsWithItsKeyValueLine() {
        Cli.Result r = Cli.run("bench", "secp256k1", "--iterations", "200", "--rounds", "1");
        assertThat(r.exitCode()).as("%s", r).isZero();
        Map<String, String> kv = keyValues(r.lastOut());
        assertThat(kv).containsEntry("bench", "secp256k1").containsEntry("iterations", "200")
                .containsEntry("same_signatures", "true");
        assertNumbers(kv, "libsecp256k1_sign_per_s", "libsecp256k1_verify_per_s", "bouncycastle_sign_per_s",
                "bouncycastle_verify_per_s", "sign_ratio", "verify_ratio");
        assertUsageError(Cli.run("bench", "secp256k1", "--iterations", "0"),
                "invalid value for option '--iterations': must be from 1 to 10000000, not 0");
    }

    @Test
    void benchOplogLocalEndsWithTheMediansBesideItsBaselines() {
        Cli.Result r = Cli.run("bench", "oplog-local", "--entries", "300", "--runs", "1", "--no-orbitdb");
        assertThat(r.exitCode()).as("%s", r).isZero();
        Map<String, String> kv = keyValues(r.lastOut());
        assertThat(kv).containsEntry("bench", "oplog-local").containsEntry("entries", "300")
                .containsEntry("orbitdb", "skipped");
        assertNumbers(kv, "appends_per_s", "verifications_per_s", "join_entries_per_s", "open_ms", "heap_used_mb",
                "secp256k1_verify_per_s", "verify_share_of_raw");
        assertUsageError(Cli.run("bench", "oplog-local", "--entries", "0"),
                "invalid value for option '--entries': must be from 1 to 10000000, not 0");
    }

    @Test
    void benchRecordsOnSqliteSendsExactlyTheChangedRowsAndEndsWithItsKeyValueLine() {
        Cli.Result r = Cli.run("bench", "records", "--rows", "300", "--changed", "20", "--store", "sqlite");
        assertThat(r.exitCode()).as("%s", r).isZero();
        Map<String, String> kv = keyValues(r.lastOut());
        assertThat(kv).containsEntry("bench", "records").containsEntry("store", "sqlite").containsEntry("rows", "300")
                .containsEntry("changed", "20").containsEntry("incremental_sent", "20")
                .containsEntry("exactly_changed", "yes").containsEntry("in_sync_round_trips", "1");
        assertNumbers(kv, "baseline_insert_rows_per_s", "open_s", "initial_s", "initial_rows_per_s", "ratio", "initial_cpu_s",
                "incremental_s", "in_sync_s", "live_p50_ms", "live_p99_ms");
        assertUsageError(Cli.run("bench", "records", "--store", "oracle"), "--store is sqlite, postgresql or mariadb");
        assertUsageError(Cli.run("bench", "records", "--rows", "0"),
                "invalid value for option '--rows': must be from 1 to 10000000, not 0");
    }

    @Test
    void benchOplogLocalRunsOrbitDbInTheSameRunWhenNodeIsThere() {
        assumeTrue(orbitDbInstalled(), "OrbitDB is not installed in " + ORBITDB + " (interop/orbitdb/install.sh)");
        Cli.Result r = Cli.run("bench", "oplog-local", "--entries", "50", "--runs", "1", "--orbitdb", ORBITDB.toString());
        assertThat(r.exitCode()).as("%s", r).isZero();
        assertThat(r.out()).as("%s", r).anyMatch(l -> l.startsWith("bench=oplog-local run=1 library=orbitdb-4.0.0"));
        Map<String, String> kv = keyValues(r.lastOut());
        assertThat(kv).containsEntry("bench", "oplog-local").containsEntry("entries", "50").doesNotContainKey("orbitdb");
        assertNumbers(kv, "appends_per_s", "verifications_per_s", "join_entries_per_s", "orbitdb_appends_per_s",
                "orbitdb_verifications_per_s", "orbitdb_join_entries_per_s", "append_ratio", "verify_ratio",
                "join_ratio", "cpu_appends_per_s", "orbitdb_cpu_appends_per_s", "cpu_append_ratio", "cpu_verify_ratio",
                "cpu_join_ratio");
    }

    @Test
    void benchOplogChecksItsOptions() {
        assertUsageError(Cli.run("bench", "oplog", "--entries", "0"),
                "invalid value for option '--entries': must be from 1 to 10000000, not 0");
        assertUsageError(Cli.run("bench", "oplog", "--nodes", "1"),
                "invalid value for option '--nodes': must be from 2 to 50, not 1");
        assertUsageError(Cli.run("bench", "oplog", "--writers", "2"),
                "invalid value for option '--writers': must be from 1 to 1, not 2");
        assertUsageError(Cli.run("bench", "oplog", "--runs", "0"),
                "invalid value for option '--runs': must be from 1 to 99, not 0");
        assertUsageError(Cli.run("bench", "oplog", "--live", "0"),
                "invalid value for option '--live': must be from 1 to 100000, not 0");
    }

    @Test
    void benchOplogMeasuresTributaryAloneWithoutNode() {
        Cli.Result r = Cli.run("bench", "oplog", "--entries", "50", "--runs", "1", "--warmup", "1", "--live", "5",
                "--orbitdb", "no/such/dir");
        assertThat(r.exitCode()).as("%s", r).isZero();
        assertThat(r.err()).as("%s", r).anyMatch(l -> l.startsWith("OrbitDB skipped: Node.js and OrbitDB are not"
                + " installed in no/such/dir"));
        Map<String, String> kv = keyValues(r.lastOut());
        assertThat(kv).containsEntry("bench", "oplog").containsEntry("entries", "50").containsEntry("nodes", "2")
                .containsEntry("writers", "1").containsEntry("orbitdb", "skipped")
                .containsEntry("in_sync_round_trips", "1").containsEntry("reopen_round_trips", "1");
        assertNumbers(kv, "write_entries_per_s", "replicate_s", "replicate_entries_per_s", "replicate_cpu_s",
                "in_sync_ms", "reopen_in_sync_ms", "one_missing_ms", "one_missing_round_trips", "p50_ms", "p99_ms", "heap_peak_mb",
                "heap_after_gc_peak_mb", "rss_peak_mb", "heap_max_mb", "cpu_us_per_entry", "serve_us", "decode_us", "verify_us",
                "join_us", "other_us");
        assertThat(Double.parseDouble(kv.get("p99_ms"))).isGreaterThanOrEqualTo(Double.parseDouble(kv.get("p50_ms")));
        for (String stage : List.of("serve_us", "decode_us", "verify_us", "join_us")) {
            assertThat(Double.parseDouble(kv.get(stage))).as(stage).isPositive();
        }
        assertThat(kv).containsEntry("runs", "1").containsEntry("warmup", "1");
        assertThat(r.out()).as("%s", r).filteredOn(l -> l.startsWith("bench=oplog run=1 warmup=true library=tributary"))
                .hasSize(1);
    }

    @Test
    void benchOplogWithThreeNodesAndTwoWriters() {
        Cli.Result r = Cli.run("bench", "oplog", "--entries", "60", "--runs", "1", "--live", "5", "--nodes", "3",
                "--writers", "2", "--no-orbitdb");
        assertThat(r.exitCode()).as("%s", r).isZero();
        Map<String, String> kv = keyValues(r.lastOut());
        assertThat(kv).containsEntry("nodes", "3").containsEntry("writers", "2").containsEntry("orbitdb", "skipped");
        assertNumbers(kv, "replicate_entries_per_s", "in_sync_ms", "p50_ms");
    }

    @Test
    void benchOplogRunsOrbitDbsTwoProcessesWhenNodeIsThere() {
        assumeTrue(orbitDbInstalled(), "OrbitDB is not installed in " + ORBITDB + " (interop/orbitdb/install.sh)");
        Cli.Result r = Cli.run("bench", "oplog", "--entries", "50", "--runs", "1", "--live", "20",
                "--orbitdb", ORBITDB.toString(), "--orbitdb-timeout", "300");
        assertThat(r.exitCode()).as("%s", r).isZero();
        assertThat(r.out()).as("%s", r).anyMatch(l -> l.startsWith("bench=oplog run=1 library=orbitdb-4.0.0"));
        Map<String, String> kv = keyValues(r.lastOut());
        assertThat(kv).containsEntry("bench", "oplog").containsEntry("entries", "50").containsEntry("runs", "1")
                .containsEntry("orbitdb_nodes", "2").containsEntry("orbitdb_live_lost", "0");
        assertNumbers(kv, "replicate_entries_per_s", "orbitdb_replicate_entries_per_s", "orbitdb_replicate_s",
                "orbitdb_in_sync_ms", "orbitdb_p50_ms", "orbitdb_p99_ms", "orbitdb_writer_rss_mb",
                "orbitdb_reader_rss_mb", "replicate_ratio", "in_sync_ratio", "p50_ratio", "p99_ratio");
        assertThat(Double.parseDouble(kv.get("orbitdb_replicate_entries_per_s"))).isPositive();
        assertThat(Double.parseDouble(kv.get("orbitdb_p99_ms")))
                .isGreaterThanOrEqualTo(Double.parseDouble(kv.get("orbitdb_p50_ms")));
    }

    /** Where interop/orbitdb/install.sh put OrbitDB (Maven passes it; the module's parent when run by hand). */
    static final Path ORBITDB = Path.of(System.getProperty("tributary.orbitdb.dir", "../interop/orbitdb"));

    static boolean orbitDbInstalled() {
        return Files.isExecutable(ORBITDB.resolve("node_modules/.bin/node"))
                && Files.exists(ORBITDB.resolve("node_modules/helia/package.json"));
    }

    @Test
    void benchRelayEndsWithItsKeyValueLine() {
        Cli.Result r = Cli.run("bench", "relay", "--nodes", "3", "--blocks", "20");
        assertThat(r.exitCode()).as("%s", r).isZero();
        Map<String, String> kv = keyValues(r.lastOut());
        assertThat(kv).containsEntry("bench", "relay").containsEntry("nodes", "3").containsEntry("blocks", "20");
        assertThat(kv).containsKeys("seconds", "blocks_per_s", "mined_per_s", "ratio", "hop_p50_ms", "hop_p99_ms");
        assertNumbers(kv, "seconds", "blocks_per_s", "mined_per_s", "ratio", "hop_p50_ms", "hop_p99_ms");
    }

    static void assertUsageError(Cli.Result r, String mentions) {
        assertThat(r.exitCode()).as("%s", r).isEqualTo(2);
        assertThat(r.err()).as("%s", r).singleElement().asString().startsWith("error: ").contains(mentions)
                .contains("(see 'tributary bench");
    }

    /** The {@code key=value} pairs of a benchmark's last line; fails on anything else in it. */
    static Map<String, String> keyValues(String line) {
        Map<String, String> kv = new LinkedHashMap<>();
        for (String pair : line.trim().split(" +")) {
            int eq = pair.indexOf('=');
            assertThat(eq).as("'%s' in '%s' is key=value", pair, line).isPositive();
            kv.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return kv;
    }

    static void assertNumbers(Map<String, String> kv, String... keys) {
        for (String k : keys) {
            assertThat(kv.get(k)).as(k).matches("\\d+(\\.\\d+)?");
        }
    }
}
