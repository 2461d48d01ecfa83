package dev.tributary.node.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.chain.NetworkParameters;
import dev.tributary.net.NetConfig;
import dev.tributary.node.Node;
import dev.tributary.node.StoreKind;
import dev.tributary.node.chain.ChainService;
import dev.tributary.node.chain.ChainStatus;
import dev.tributary.node.chain.NodeConfig;
import dev.tributary.node.demo.ChainGenerator;
import dev.tributary.node.demo.LocalNetwork;
import dev.tributary.sync.headers.SyncConfig;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /status}, {@code GET /peers}, {@code GET /events} and the page's files, on a node syncing over TCP. */
class StatusApiIT {
    private static final int BLOCKS = 60;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    private final List<AutoCloseable> open = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @AfterEach
    void close() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    /** One server-sent event. */
    record Event(String name, JsonNode data) {
    }

    @Test
    void theStreamCarriesASnapshotThePeerNewTipsAndProgressAndTheRoutesAgree() throws Exception {
        java.util.concurrent.atomic.AtomicLong chainBytes = new java.util.concurrent.atomic.AtomicLong();
        Node server = LocalNetwork.startServer(NetworkParameters.REGTEST, dir.resolve("server"), StoreKind.MEMORY,
                SyncConfig.defaults(), 0, n -> new ChainGenerator(ChainService.of(n).chain(), 7)
                        .mineBlocks(BLOCKS, 2_000, x -> { }).forEach(b -> chainBytes.addAndGet(b.serialize().length)));
        open.add(server);
        InetSocketAddress serverAddress = server.listeningAddress();
        Node node = ChainService.node(NodeConfig.of(NetworkParameters.REGTEST, dir.resolve("node"))
                .withStore(StoreKind.MEMORY).withNet(NetConfig.defaults().withConnect(List.of(serverAddress))
                        .withSeeds(List.of(), false)), List.of());
        open.add(node);
        HttpApi api = HttpApi.start(node, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        open.add(api);
        BlockingQueue<Event> events = listen(api.port());

        Event first = next(events, e -> true);
        assertThat(first.name()).as("the snapshot first").isEqualTo("status");
        assertThat(first.data().at("/services/regtest/height").asInt()).isZero();
        assertThat(next(events, e -> true).name()).isEqualTo("peers");

        node.start();
        Event connected = next(events, e -> e.name().equals("peer"));
        assertThat(connected.data().path("event").asText()).isEqualTo("connected");
        assertThat(connected.data().at("/peer/address").asText())
                .isEqualTo("127.0.0.1:" + serverAddress.getPort());
        Event tip = next(events, e -> e.name().equals("tip") && e.data().path("blockHeight").asInt() == BLOCKS);
        assertThat(tip.data().path("service").asText()).isEqualTo("regtest");
        assertThat(tip.data().path("tip").asText()).isEqualTo(ChainService.of(server).mainTip().hash().toString());
        Event progress = next(events, e -> e.name().equals("progress"));
        assertThat(progress.data().at("/services/regtest/blockHeight").asInt()).isBetween(0, BLOCKS);
        assertThat(progress.data().path("time").asLong()).isPositive();

        JsonNode peers = get(api.port(), "/peers");
        assertThat(peers).hasSize(1);
        JsonNode peer = peers.get(0);
        assertThat(peer.path("address").asText()).isEqualTo("127.0.0.1:" + serverAddress.getPort());
        assertThat(peer.path("direction").asText()).isEqualTo("outbound");
        assertThat(peer.path("network").asText()).isEqualTo("regtest");
        assertThat(peer.path("userAgent").asText()).startsWith("/Tributary:");
        assertThat(peer.path("height").asInt()).isEqualTo(BLOCKS);
        assertThat(peer.path("score").asInt()).isZero();
        assertThat(peer.path("bytesIn").asLong()).as("the blocks came in").isGreaterThan(chainBytes.get());
        assertThat(peer.path("bytesOut").asLong()).as("version, getheaders, getdata went out").isPositive();
        assertThat(peer.path("messagesIn").asLong()).isGreaterThan(BLOCKS);

        JsonNode recent = get(api.port(), "/status").at("/services/regtest/recent");
        assertThat(recent).hasSize(ChainStatus.RECENT);
        assertThat(recent.get(0).path("height").asInt()).isEqualTo(BLOCKS);
        assertThat(recent.get(0).path("hash").asText()).isEqualTo(tip.data().path("tip").asText());
        assertThat(recent.get(0).path("stored").asBoolean()).isTrue();
        assertThat(recent.get(ChainStatus.RECENT - 1).path("height").asInt()).isEqualTo(BLOCKS - ChainStatus.RECENT + 1);

        server.close();
        Event gone = next(events, e -> e.name().equals("peer") && e.data().path("event").asText().equals("disconnected"));
        assertThat(gone.data().path("address").asText()).isEqualTo("127.0.0.1:" + serverAddress.getPort());
        assertThat(gone.data().path("reason").asText()).isNotBlank();
    }

    @Test
    void thePageAndItsFilesAreServedFromTheJar() throws Exception {
        Node node = ChainService.node(NodeConfig.of(NetworkParameters.REGTEST, dir.resolve("node"))
                .withStore(StoreKind.MEMORY).withNet(NetConfig.defaults().withSeeds(List.of(), false)), List.of());
        open.add(node);
        HttpApi api = HttpApi.start(node, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        open.add(api);

        HttpResponse<String> page = fetch(api.port(), "/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(page.body()).contains("dashboard/app.js", "dashboard/vendor/uPlot.iife.min.js")
                .doesNotContain("http://", "https://");
        assertThat(fetch(api.port(), "/dashboard/app.js").statusCode()).isEqualTo(200);
        HttpResponse<String> uplot = fetch(api.port(), "/dashboard/vendor/uPlot.iife.min.js");
        assertThat(uplot.statusCode()).as("uPlot copied from npm into the jar").isEqualTo(200);
        assertThat(uplot.body()).contains("uPlot");
        HttpResponse<String> licence = fetch(api.port(), "/dashboard/vendor/LICENSE");
        assertThat(licence.statusCode()).as("uPlot's licence beside it").isEqualTo(200);
        assertThat(licence.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        assertThat(licence.body()).contains("MIT License");

        HttpResponse<String> notAsked = fetch(api.port(), "/events");
        assertThat(notAsked.statusCode()).isEqualTo(406);
        assertThat(notAsked.body()).contains("Accept: text/event-stream");

        HttpResponse<String> missing = fetch(api.port(), "/dashboard/..%2Fhttp%2FHttpApi.class");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(fetch(api.port(), "/dashboard/nothing.js").body()).contains("the dashboard has no file nothing.js");
    }

    private BlockingQueue<Event> listen(int port) throws Exception {
        BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        HttpResponse<Stream<String>> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/events"))
                .header("Accept", "text/event-stream").GET().build(), HttpResponse.BodyHandlers.ofLines());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
        Thread reader = new Thread(() -> {
            String name = null;
            for (java.util.Iterator<String> it = r.body().iterator(); it.hasNext(); ) {
                String line = it.next();
                if (line.startsWith("event:")) {
                    name = line.substring(6).strip();
                } else if (line.startsWith("data:")) {
                    try {
                        events.add(new Event(name, JSON.readTree(line.substring(5).strip())));
                    } catch (java.io.IOException e) {
                        events.add(new Event("unreadable", JSON.getNodeFactory().textNode(line)));
                    }
                }
            }
        }, "sse-reader");
        reader.setDaemon(true);
        reader.start();
        open.add(() -> r.body().close());
        return events;
    }

    private static Event next(BlockingQueue<Event> events, Predicate<Event> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            Event e = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (e != null && wanted.test(e)) {
                return e;
            }
        }
        throw new AssertionError("no such event within " + PATIENCE.toSeconds() + " s");
    }

    private JsonNode get(int port, String path) throws Exception {
        return JSON.readTree(fetch(port, path).body());
    }

    private HttpResponse<String> fetch(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(PATIENCE).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
