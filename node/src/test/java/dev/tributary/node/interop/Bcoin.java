package dev.tributary.node.interop;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Assumptions;

/**
 * bcoin 1.0.2, a full Bitcoin node in JavaScript, as a child process on regtest and loopback, for the
 * interop tests. It keeps its chain in memory ({@code --memory=true}), mines to a fixed address, and is
 * driven through its JSON-RPC ({@code generate}, {@code getblockchaininfo}). Its standard output and error
 * go to {@code bcoin.log} in its prefix directory, which failures quote.
 *
 * <p>bcoin is installed by {@code interop/bcoin/install.sh}, which Maven runs before the integration
 * tests. Without Node.js the tests that need bcoin are skipped, saying how to enable them.
 */
final class Bcoin implements AutoCloseable {
    static final String API_KEY = "tributary-interop";
    /** A regtest P2PKH address; bcoin's {@code generatetoaddress} rejects it, so it goes to {@code --coinbase-address}. */
    static final String COINBASE_ADDRESS = "mipcBbFg9gMiCh81Kj8tqqdgoZub1ZJRfn";
    /** bcoin's regtest P2P port: bcoin dials 127.0.0.1 on it by itself, so a Tributary node listens there. */
    static final int DEFAULT_P2P_PORT = 48444;
    /** The mining bcoin's P2P port: not the default, which the Tributary node takes. */
    static final int MINER_P2P_PORT = 48446;
    static final int MINER_RPC_PORT = 48332;
    static final int FOLLOWER_P2P_PORT = 48445;
    static final int FOLLOWER_RPC_PORT = 48342;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final Path log;
    private final int p2pPort;
    private final int httpPort;
    /** HTTP/1.1: bcoin's server does not answer a request that offers an upgrade to HTTP/2. */
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private Bcoin(Process process, Path log, int p2pPort, int httpPort) {
        this.process = process;
        this.log = log;
        this.p2pPort = p2pPort;
        this.httpPort = httpPort;
    }

    /** The tip of bcoin's best chain, as {@code getblockchaininfo} reports it (chain work converted from hex). */
    record ChainInfo(int height, String bestHash, BigInteger chainWork) {
        /** Tributary's final-line format, for comparing with what {@code sync} prints. */
        String tipLine() {
            return "height=" + height + " tip=" + bestHash + " chainwork=" + chainWork;
        }
    }

    /** Where {@code install.sh} put bcoin: the {@code tributary.bcoin.dir} property, set by the build. */
    static Path installDir() {
        return Path.of(System.getProperty("tributary.bcoin.dir", "../interop/bcoin")).toAbsolutePath().normalize();
    }

    /**
     * Skips the calling test when Node.js is not installed; fails it when Node.js is there but bcoin is not,
     * since the build should have installed it.
     */
    static void assumeAvailable() {
        Assumptions.assumeTrue(onPath("node"), "Node.js not found: the bcoin interop tests are skipped. Install "
                + "Node.js 20 and npm (Debian: apt-get install nodejs npm) and rerun mvn verify, which installs bcoin "
                + "with interop/bcoin/install.sh.");
        if (!Files.isRegularFile(installDir().resolve("node_modules/bcoin/bin/node"))) {
            fail("bcoin is not installed in " + installDir() + ": run interop/bcoin/install.sh (mvn verify runs it)");
        }
    }

    private static boolean onPath(String program) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Starts bcoin on regtest with P2P on {@code p2pPort} and RPC on {@code httpPort}, its files (and log)
     * under {@code prefix}, plus {@code extraArgs}; returns once its RPC answers. Fails at once if a port is
     * taken, naming it, instead of letting bcoin talk to whoever holds it.
     */
    static Bcoin start(Path prefix, int p2pPort, int httpPort, String... extraArgs) throws IOException, InterruptedException {
        for (int port : new int[] {p2pPort, httpPort}) {
            if (listening(port)) {
                fail("127.0.0.1:" + port + " is already in use (a bcoin left running?); bcoin needs it");
            }
        }
        Files.createDirectories(prefix);
        List<String> command = new ArrayList<>(List.of("node",
                installDir().resolve("node_modules/bcoin/bin/node").toString(), "--network=regtest", "--memory=true",
                "--prefix=" + prefix, "--host=127.0.0.1", "--http-host=127.0.0.1", "--api-key=" + API_KEY,
                "--no-wallet", "--workers=false", "--log-level=warning", "--coinbase-address=" + COINBASE_ADDRESS,
                "--port=" + p2pPort, "--http-port=" + httpPort));
        command.addAll(List.of(extraArgs));
        Path log = prefix.resolve("bcoin.log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Bcoin bcoin = new Bcoin(process, log, p2pPort, httpPort);
        try {
            bcoin.awaitRpc();
            return bcoin;
        } catch (IOException | InterruptedException | RuntimeException | AssertionError e) {
            bcoin.close();
            throw e;
        }
    }

    /** The bcoin that mines: P2P on {@link #MINER_P2P_PORT}, files under {@code dir/bcoin-miner}. */
    static Bcoin startMiner(Path dir) throws IOException, InterruptedException {
        Bcoin miner = start(dir.resolve("bcoin-miner"), MINER_P2P_PORT, MINER_RPC_PORT);
        try {
            miner.awaitP2pListening();
            return miner;
        } catch (InterruptedException | RuntimeException | AssertionError e) {
            miner.close();
            throw e;
        }
    }

    /**
     * A second bcoin that connects only to {@code 127.0.0.1:}{@link #DEFAULT_P2P_PORT} (a Tributary node) and
     * syncs from it, validating everything; files under {@code dir/bcoin-follower}.
     */
    static Bcoin startFollower(Path dir) throws IOException, InterruptedException {
        return start(dir.resolve("bcoin-follower"), FOLLOWER_P2P_PORT, FOLLOWER_RPC_PORT,
                "--only=127.0.0.1:" + DEFAULT_P2P_PORT);
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Waits until bcoin accepts connections on its P2P port: it answers RPC before its pool listens, and a
     * Tributary dialling in that gap is refused.
     */
    private void awaitP2pListening() throws InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!listening(p2pPort)) {
            if (!process.isAlive()) {
                fail("bcoin exited (" + process.exitValue() + ") before listening on 127.0.0.1:" + p2pPort + "\n"
                        + logText());
            }
            if (System.nanoTime() > deadline) {
                fail("bcoin did not listen on 127.0.0.1:" + p2pPort + " within " + START_TIMEOUT.toSeconds() + " s\n"
                        + logText());
            }
            Thread.sleep(100); // polling the port: bcoin tells no one when its pool listens
        }
    }

    private void awaitRpc() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            if (!process.isAlive()) {
                fail("bcoin exited (" + process.exitValue() + ") while starting\n" + logText());
            }
            try {
                rpc("getblockchaininfo");
                return;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    fail("bcoin's RPC did not answer within " + START_TIMEOUT.toSeconds() + " s (last: " + e + ")\n"
                            + logText());
                }
                Thread.sleep(100);
            }
        }
    }

    /** The P2P address bcoin listens on. */
    InetSocketAddress p2pAddress() {
        return new InetSocketAddress("127.0.0.1", p2pPort);
    }

    /** Calls {@code method} over JSON-RPC and returns its {@code result}; fails on an RPC error. */
    JsonNode rpc(String method, Object... params) throws IOException, InterruptedException {
        String body = JSON.writeValueAsString(Map.of("method", method, "params", List.of(params)));
        String auth = Base64.getEncoder().encodeToString(("x:" + API_KEY).getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/"))
                .header("Authorization", "Basic " + auth).timeout(Duration.ofSeconds(120))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        JsonNode reply = JSON.readTree(response.body());
        if (reply == null || (reply.hasNonNull("error") && !reply.get("error").isNull())) {
            throw new IllegalStateException("bcoin RPC " + method + " failed (HTTP " + response.statusCode() + "): "
                    + response.body());
        }
        return reply.get("result");
    }

    /** Mines {@code count} blocks (in RPC calls of at most 500) and returns the new tip. */
    ChainInfo generate(int count) throws IOException, InterruptedException {
        for (int left = count; left > 0; left -= 500) {
            rpc("generate", Math.min(500, left));
        }
        return chainInfo();
    }

    ChainInfo chainInfo() throws IOException, InterruptedException {
        JsonNode info = rpc("getblockchaininfo");
        return new ChainInfo(info.get("blocks").asInt(), info.get("bestblockhash").asText(),
                new BigInteger(info.get("chainwork").asText(), 16));
    }

    /** Polls {@code getblockchaininfo} until {@code done} holds; fails with bcoin's log after {@code timeout}. */
    ChainInfo awaitChain(Predicate<ChainInfo> done, Duration timeout, String what) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        ChainInfo info = chainInfo();
        while (!done.test(info)) {
            if (System.nanoTime() > deadline) {
                fail("bcoin did not " + what + " within " + timeout.toSeconds() + " s; it is at " + info.tipLine()
                        + "\n" + logText());
            }
            Thread.sleep(100);
            info = chainInfo();
        }
        return info;
    }

    String logText() {
        try {
            return "--- bcoin log (" + log + ")\n" + Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops bcoin (SIGTERM, then SIGKILL after 10 s), with any process it started. */
    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            // Killed without waiting; the interrupt is kept for the caller to see.
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
