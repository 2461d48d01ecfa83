package dev.tributary.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.chain.NetworkParameters;
import dev.tributary.net.bitcoin.BitcoinMessages;
import dev.tributary.node.chain.ChainService;
import dev.tributary.node.chain.NodeConfig;
import dev.tributary.node.chain.SyncMode;
import dev.tributary.node.db.DbService;
import dev.tributary.node.http.HttpApi;
import dev.tributary.node.records.RecordsConfig;
import dev.tributary.node.records.RecordsService;
import dev.tributary.testing.RawFrames;
import dev.tributary.wire.MessageCodec;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /metrics} of a node with a chain (RocksDB), databases and record endpoints, read by a strict parser of
 * Prometheus's text format: the series of every part are there, named by Prometheus's conventions, and their number
 * does not grow after 1,000 peers connected over real sockets, completed the handshake, sent a message (some of them
 * a command nobody knows) and left.
 */
class MetricsIT {
    private static final NetworkParameters REGTEST = NetworkParameters.REGTEST;
    private static final MessageCodec CODEC = BitcoinMessages.codec();
    private static final int PEERS = 1_000;

    @TempDir
    Path dir;

    @Test
    void seriesArePresentAndBoundedAfterAThousandPeersCameAndWent() throws Exception {
        NodeConfig config = NodeConfig.of(REGTEST, dir).withMode(SyncMode.BLOCKS).withNet(TestNodes.listening());
        try (Node node = Node.builder(dir).net(config.net()).service(ChainService.factory(config, List.of()))
                .service(DbService.factory())
                .service(RecordsService.sqlite(RecordsConfig.defaults(null), Map.of("accounts", "urn:a"), 1)).build()) {
            node.start();
            try (HttpApi api = HttpApi.start(node, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
                HttpClient http = HttpClient.newHttpClient();
                InetSocketAddress address = node.listeningAddress();

                churn(address, 10, 0);
                awaitDisconnections(http, api, 10);
                PrometheusText.Scrape early = scrape(http, api);

                churn(address, PEERS - 10, 10);
                awaitDisconnections(http, api, PEERS);
                PrometheusText.Scrape late = scrape(http, api);

                Set<String> earlySeries = early.samples().stream().map(PrometheusText.Sample::series)
                        .collect(Collectors.toCollection(TreeSet::new));
                Set<String> lateSeries = late.samples().stream().map(PrometheusText.Sample::series)
                        .collect(Collectors.toCollection(TreeSet::new));
                System.out.printf("metrics: %d series after 10 peers, %d after %d peers, %d families%n",
                        earlySeries.size(), lateSeries.size(), PEERS, late.types().size());
                assertThat(lateSeries).as("no series per peer").isEqualTo(earlySeries);
                assertThat(late.types().keySet()).allMatch(n -> n.startsWith("tributary_"));

                Map<String, String> inbound = Map.of("network", "regtest", "direction", "inbound");
                assertThat(late.sum("tributary_peer_connections_total", inbound)).isEqualTo(PEERS);
                assertThat(late.sum("tributary_peer_disconnections_total", inbound)).isEqualTo(PEERS);
                assertThat(late.sum("tributary_peers", inbound)).isZero();
                Map<String, String> version = Map.of("network", "regtest", "command", "version");
                assertThat(late.sum("tributary_peer_messages_received_total", version)).isEqualTo(PEERS);
                assertThat(late.sum("tributary_peer_messages_sent_total", version)).isEqualTo(PEERS);
                assertThat(late.sum("tributary_peer_received_bytes_total", version)).isGreaterThan(PEERS * 24.0);
                assertThat(late.sum("tributary_peer_sent_bytes_total", Map.of("command", "verack")))
                        .isEqualTo(PEERS * 24.0); // a verack is a bare 24-byte header
                assertThat(late.sum("tributary_peer_messages_received_total", Map.of("command", "other")))
                        .as("commands nobody knows share one series").isEqualTo(PEERS / 10);
                assertThat(late.of("tributary_peer_misbehaviour_points_total")).isNotEmpty();
                assertThat(late.of("tributary_peer_misbehaviour_score_max")).isNotEmpty();
                assertThat(late.sum("tributary_peer_connect_failures_total", Map.of())).isZero();

                for (String name : List.of("tributary_engine_queued_tasks", "tributary_engine_busy_seconds_total",
                        "tributary_store_size_bytes", "tributary_store_writes_total", "tributary_chain_header_height",
                        "tributary_chain_block_height", "tributary_chain_blocks_missing", "tributary_chain_current",
                        "tributary_chain_mempool_transactions", "tributary_chain_blocks_stored_total",
                        "tributary_db_databases", "tributary_records_records", "tributary_records_tombstones",
                        "tributary_records_tick",
                        "tributary_records_applied_total", "tributary_records_served_total",
                        "tributary_records_conflicts_total", "tributary_records_changes_missing",
                        "tributary_records_last_sync_timestamp_seconds")) {
                    assertThat(late.of(name)).as(name).isNotEmpty();
                }
                assertThat(late.sum("tributary_engine_busy_seconds_total", Map.of())).isPositive();
                assertThat(late.sum("tributary_store_writes_total", Map.of())).isPositive();
                assertThat(late.sum("tributary_records_records", Map.of("collection", "accounts"))).isZero();
                assertThat(late.types()).containsEntry("tributary_peer_received_bytes_total", "counter")
                        .containsEntry("tributary_store_size_bytes", "gauge");
            }
        }
    }

    /**
     * Two nodes replicating a keyvalue database written on one: on the other, once synced, its series tell the
     * entries written, none missing, one peer, every entry received and applied, and a last sync within the test's
     * time; on the writer, the same entries and one peer. Closing the database on the reader removes its series
     * there, and the writer then counts no peer for it.
     */
    @Test
    void aReplicatedDatabaseHasItsSeriesUntilItIsClosed() throws Exception {
        int written = 25;
        try (Node a = DbService.node(dir.resolve("a"), dev.tributary.node.StoreKind.ROCKSDB, TestNodes.listening());
                HttpApi apiA = start(a)) {
            DbService dbsA = DbService.of(a);
            dev.tributary.oplog.db.KeyValue kv = dbsA.replicate(dbsA.library().keyValue("metered"));
            for (int i = 0; i < written; i++) {
                kv.put("k" + i, i);
            }
            Map<String, String> database = Map.of("database", kv.address());
            long before = System.currentTimeMillis();
            try (Node b = DbService.node(dir.resolve("b"), dev.tributary.node.StoreKind.ROCKSDB,
                    TestNodes.connectingTo(List.of(a.listeningAddress())));
                    HttpApi apiB = start(b)) {
                DbService dbsB = DbService.of(b);
                dbsB.open(kv.address()).get(30, java.util.concurrent.TimeUnit.SECONDS);
                dbsB.replication().whenSynced(kv.address()).get(30, java.util.concurrent.TimeUnit.SECONDS);
                HttpClient http = HttpClient.newHttpClient();

                PrometheusText.Scrape s = scrape(http, apiB);
                long after = System.currentTimeMillis();
                assertThat(s.sum("tributary_db_entries", database)).isEqualTo(written);
                assertThat(s.sum("tributary_db_entries_missing", database)).isZero();
                assertThat(s.sum("tributary_db_peers", database)).isEqualTo(1);
                assertThat(s.sum("tributary_db_applied_total", database)).isEqualTo(written);
                assertThat(s.sum("tributary_db_received_total", database)).isGreaterThanOrEqualTo(written);
                assertThat(s.sum("tributary_db_last_sync_timestamp_seconds", database))
                        .isBetween(before / 1000.0, after / 1000.0);
                assertThat(s.types()).containsEntry("tributary_db_entries", "gauge")
                        .containsEntry("tributary_db_applied_total", "counter")
                        .containsEntry("tributary_db_received_total", "counter");

                PrometheusText.Scrape w = awaitScrape(http, apiA, x -> x.sum("tributary_db_peers", database) == 1);
                assertThat(w.sum("tributary_db_entries", database)).isEqualTo(written);
                assertThat(w.sum("tributary_db_applied_total", database)).as("nothing came from the reader").isZero();

                dbsB.close(kv.address()).get(30, java.util.concurrent.TimeUnit.SECONDS);
                PrometheusText.Scrape closed = scrape(http, apiB);
                assertThat(closed.samples()).as("the closed database's series are gone")
                        .noneMatch(x -> kv.address().equals(x.labels().get("database")));
                assertThat(closed.of("tributary_db_databases")).isNotEmpty();
                awaitScrape(http, apiA, x -> x.sum("tributary_db_peers", database) == 0);
            }
        }
    }

    private static HttpApi start(Node node) throws java.io.IOException {
        node.start();
        return HttpApi.start(node, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    /** Scrapes until {@code done} holds of a scrape (within 30 s), and gives that scrape. */
    private static PrometheusText.Scrape awaitScrape(HttpClient http, HttpApi api,
            java.util.function.Predicate<PrometheusText.Scrape> done) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            PrometheusText.Scrape s = scrape(http, api);
            if (done.test(s)) {
                return s;
            }
            assertThat(System.nanoTime()).as("the scrape shows what was awaited within 30 s").isLessThan(deadline);
            java.util.concurrent.locks.LockSupport.parkNanos(20_000_000); // polled: the node counts on its own threads
        }
    }

    /** {@code count} peers, one after another: each completes the handshake, says something, and leaves. */
    private static void churn(InetSocketAddress address, int count, int first) throws Exception {
        for (int i = first; i < first + count; i++) {
            try (AttackClient c = AttackClient.handshaked(address, REGTEST.magic(), CODEC)) {
                assertThat(c).as("peer %d completes the handshake", i).isNotNull();
                if (i % 10 == 0) {
                    c.sendRaw(RawFrames.frame(REGTEST.magic(), "nonsense" + i % 1000, new byte[0]));
                }
                assertThat(c.pingPong(CODEC)).as("peer %d is answered", i).isTrue();
            }
        }
    }

    private static void awaitDisconnections(HttpClient http, HttpApi api, int count) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        Map<String, String> inbound = Map.of("direction", "inbound");
        while (true) {
            PrometheusText.Scrape s = scrape(http, api);
            if (s.sum("tributary_peer_disconnections_total", inbound) >= count
                    && s.sum("tributary_peer_messages_received_total", Map.of("command", "other")) >= (count + 9) / 10) {
                return;
            }
            assertThat(System.nanoTime()).as("%d disconnections counted within 60 s", count).isLessThan(deadline);
            java.util.concurrent.locks.LockSupport.parkNanos(20_000_000); // polled: the node counts on its own threads
        }
    }

    private static PrometheusText.Scrape scrape(HttpClient http, HttpApi api) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port()
                + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        return PrometheusText.parse(r.body());
    }
}
