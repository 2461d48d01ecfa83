package dev.tributary.node;

import dev.tributary.node.chain.ChainService;
import dev.tributary.node.chain.ConnectTimes;
import dev.tributary.node.chain.NodeConfig;
import dev.tributary.node.chain.SyncMode;
import dev.tributary.node.demo.LocalNetwork;
import dev.tributary.node.chain.SyntheticTransactions;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.chain.NetworkParameters;
import dev.tributary.node.http.HttpApi;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP API's answers to bad requests: a 4xx status and one JSON {@code error} line saying what was wrong;
 * and mining on a headers-first node, whose blocks are announced as headers-first announces its tip.
 */
class HttpApiIT {
    @TempDir
    Path dir;

    private static Node open(Path dir, SyncMode mode, NetworkParameters network) throws Exception {
        NodeConfig config = NodeConfig.of(network, dir).withStore(StoreKind.MEMORY).withNet(TestNodes.listening())
                .withMode(mode);
        return LocalNetwork.start(config, n -> { });
    }

    private static HttpApi serve(Node node) {
        return HttpApi.start(node, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    @Test
    void badRequestsGetAClearError() throws Exception {
        try (Node node = open(dir, SyncMode.BLOCKS, NetworkParameters.REGTEST); HttpApi api = serve(node)) {
            ApiClient c = new ApiClient(api.port());
            // a number out of range in the words of a value of the wrong type: "must be ..., not VALUE"
            assertError(c.post("/mine", "{\"blocks\": 0}"), 400, "\"blocks\" must be from 1 to 1000, not 0");
            assertError(c.post("/mine", "{\"blocks\": 1001}"), 400, "\"blocks\" must be from 1 to 1000, not 1001");
            assertError(c.post("/mine", "{}"), 400,
                    "\"blocks\" must be a whole number from 1 to 1000; the body is {\"blocks\": N}");
            assertError(c.post("/mine", ""), 400, "needs a JSON body");
            assertError(c.post("/mine", "blocks=3"), 400, "not JSON of the form {\"blocks\": N}");
            assertError(c.post("/mine", "{\"block\": 3}"), 400, "unknown field \"block\"; the body is {\"blocks\": N}");
            // in words, not Java's HexFormat's ("not a hexadecimal digit: \"z\" = 122", "string length not even: 3")
            assertError(c.post("/transactions", "{\"hex\": \"0z\"}"), 400,
                    "\"hex\" is not hexadecimal: character 2, 'z', is not a hexadecimal digit (0-9, a-f)");
            assertError(c.post("/transactions", "{\"hex\": \"020\"}"), 400,
                    "\"hex\" has an odd number of hexadecimal digits (3): each byte is two");
            assertError(c.post("/transactions", "{\"hex\": \"0200\"}"), 400, "not a transaction");
            assertError(c.post("/transactions", "{}"), 400, "\"hex\" must hold");
            assertError(c.get("/nowhere"), 404, "no route GET /nowhere");

            String hex = SyntheticTransactions.hex(new Random(3));
            assertThat(c.post("/transactions", "{\"hex\": \"" + hex + "\"}").status()).isEqualTo(200);
            assertError(c.post("/transactions", "{\"hex\": \"" + hex + "\"}"), 400, "already in the memory pool");
            assertThat(ChainService.of(node).currentStatus().tip().height()).isZero();
        }
    }

    /** Every refusal is JSON with its status, in the user's terms; values are taken only in their own JSON type. */
    @Test
    void everyErrorIsJsonWithItsStatus() throws Exception {
        try (Node node = open(dir, SyncMode.BLOCKS, NetworkParameters.REGTEST); HttpApi api = serve(node)) {
            ApiClient c = new ApiClient(api.port());
            assertError(c.post("/mine", "{\"blocks\": \"5\"}"), 400, "\"blocks\" must be a whole number, not the string \"5\"");
            assertError(c.post("/mine", "{\"blocks\": 1.5}"), 400, "\"blocks\" must be a whole number, not 1.5");
            assertError(c.post("/mine", "{\"blocks\": 2.0}"), 400, "must be a whole number");
            assertError(c.post("/mine", "{\"blocks\": true}"), 400, "must be a whole number, not true");
            assertError(c.post("/mine", "{\"blocks\": 99999999999}"), 400, "\"blocks\" (99999999999) is out of range");
            assertError(c.post("/mine", "[1]"), 400, "must be a JSON object of the form {\"blocks\": N}, not an array");
            assertError(c.post("/mine", "{\"blocks\": 1} 5"), 400, "goes on after its JSON value");
            assertError(c.post("/transactions", "{\"hex\": 5}"), 400, "\"hex\" must be a string, not 5");
            assertError(c.send("GET", "/mine", null, null), 405, "GET is not allowed on /mine; it takes POST");
            assertError(c.send("DELETE", "/status", null, null), 405, "DELETE is not allowed on /status; it takes GET");
            assertError(c.send("POST", "/mine", "application/xml", "<blocks>1</blocks>"), 415, "must be JSON");
            assertError(c.send("POST", "/transactions", "application/json", "{\"hex\": \"" + "00".repeat(4_100_000) + "\"}"),
                    413, "larger than " + HttpApi.MAX_BODY_BYTES + " bytes");
            assertThat(c.send("POST", "/mine", "application/x-www-form-urlencoded", "{\"blocks\": 1}").status())
                    .as("curl -d's default type is read as JSON").isEqualTo(200);
            assertThat(ChainService.of(node).currentStatus().tip().height()).isEqualTo(1);
        }
    }

    /**
     * A request the HTTP server refuses before any route sees it gets JSON too, not the server's HTML page
     * ({@code <h1>Bad Message 400</h1><pre>reason: Invalid Content-Length Value</pre>}).
     */
    @Test
    void aRequestTheServerCannotReadGetsAJsonError() throws Exception {
        try (Node node = open(dir, SyncMode.BLOCKS, NetworkParameters.REGTEST); HttpApi api = serve(node)) {
            String badLength = raw(api.port(), "POST /mine HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n");
            assertThat(badLength).startsWith("HTTP/1.1 400 ").containsIgnoringCase("Content-Type: application/json")
                    .endsWith("{\"error\":\"the request cannot be read: Invalid Content-Length Value\"}");
            String dotDot = raw(api.port(), "GET /dashboard/%2e%2e/%2e%2e/etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(dotDot).startsWith("HTTP/1.1 400 ").containsIgnoringCase("Content-Type: application/json")
                    .contains("{\"error\":\"the request cannot be read: ").doesNotContain("<h1>");
        }
    }

    /**
     * A body shorter than its {@code Content-Length} is answered 408 in JSON once nothing came for
     * {@code RequestBodyTimeout.IDLE_MILLIS} (10 s), before Jetty's idle timeout (30 s) would close the connection.
     */
    @Test
    void aBodyThatStopsShortOfItsLengthIsATimeout() throws Exception {
        try (Node node = open(dir, SyncMode.BLOCKS, NetworkParameters.REGTEST); HttpApi api = serve(node);
                java.net.Socket s = new java.net.Socket(InetAddress.getLoopbackAddress(), api.port())) {
            s.setSoTimeout(25_000); // the answer comes before Jetty's 30 s, or the test fails here
            s.getOutputStream().write(("POST /mine HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 100\r\n\r\n{\"blocks\": 1}").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            String answer = new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 408 ").containsIgnoringCase("Content-Type: application/json")
                    .endsWith("{\"error\":\"the request body stopped arriving: nothing came for 10 s, short of the"
                            + " length its Content-Length header gives\"}");
            assertThat(ChainService.of(node).currentStatus().tip().height()).as("nothing mined").isZero();
        }
    }

    /** A client that closes its side before sending its whole body is answered 400, without a wait. */
    @Test
    void aBodyCutShortByTheClientIsABadRequest() throws Exception {
        try (Node node = open(dir, SyncMode.BLOCKS, NetworkParameters.REGTEST); HttpApi api = serve(node);
                java.net.Socket s = new java.net.Socket(InetAddress.getLoopbackAddress(), api.port())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(("POST /mine HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 100\r\n\r\n{\"blocks\": 1}").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            s.shutdownOutput();
            String answer = new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 400 ").containsIgnoringCase("Content-Type: application/json")
                    .endsWith("{\"error\":\"the request body could not be read: it ended before the length its"
                            + " Content-Length header gives\"}");
        }
    }

    /** What the server answers to {@code request}, sent as it is over a socket, until it closes the connection. */
    private static String raw(int port, String request) throws Exception {
        try (java.net.Socket s = new java.net.Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            return new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @Test
    void aHeadersFirstNodeMinesButTakesNoTransactions() throws Exception {
        try (Node node = open(dir, SyncMode.HEADERS, NetworkParameters.REGTEST); HttpApi api = serve(node)) {
            ApiClient c = new ApiClient(api.port());
            ApiClient.Reply mined = c.post("/mine", "{\"blocks\": 3}");
            assertThat(mined.status()).as("%s", mined).isEqualTo(200);
            assertThat(mined.body().get("height").asInt()).isEqualTo(3);
            assertError(c.post("/transactions", "{\"hex\": \"" + SyntheticTransactions.hex(new Random(4)) + "\"}"),
                    409, "keeps no memory pool");
            ApiClient.Reply status = c.get("/status");
            assertThat(status.body().get("mode").asText()).isEqualTo("headers");
            assertThat(status.body().get("blockHeight").asInt()).isEqualTo(3);
        }
    }

    @Test
    void aNetworkThatCannotBeMinedHereIsABadRequest() throws Exception {
        try (Node node = open(dir, SyncMode.BLOCKS, NetworkParameters.MAINNET); HttpApi api = serve(node)) {
            assertError(new ApiClient(api.port()).post("/mine", "{\"blocks\": 1}"), 400, "cannot mine on mainnet");
        }
    }

    @Test
    void aHeadersFirstPeerSyncsBlocksMinedThroughTheApi() throws Exception {
        try (Node miner = open(dir.resolve("m"), SyncMode.HEADERS, NetworkParameters.REGTEST);
                HttpApi api = serve(miner);
                TestNodes.Syncing follower = TestNodes.syncing(dir.resolve("f"), List.of(miner.listeningAddress()))) {
            follower.done().get(30, java.util.concurrent.TimeUnit.SECONDS);
            ConnectTimes times = ConnectTimes.install(follower.node());
            ApiClient.Reply mined = new ApiClient(api.port()).post("/mine", "{\"blocks\": 2}");
            String tip = mined.body().get("tip").asText();
            times.whenConnected(dev.tributary.bytes.Hash.fromDisplayHex(tip)).get(30, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    private static void assertError(ApiClient.Reply reply, int status, String mentions) {
        assertThat(reply.status()).as("%s", reply).isEqualTo(status);
        assertThat(reply.body().get("error").asText()).as("%s", reply).contains(mentions);
        assertThat(reply.body().size()).as("%s", reply).isEqualTo(1);
        assertThat(reply.body().get("error").asText()).as("no Java in %s", reply).doesNotContain("java.")
                .doesNotContain("`").doesNotContainPattern("[A-Z]\\w*(Exception|Error)\\b");
    }
}
