package dev.tributary.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.chain.Difficulty;
import dev.tributary.dag.DagBlock;
import dev.tributary.dag.message.DagBlockMessage;
import dev.tributary.dag.DagHeader;
import dev.tributary.dag.DagParameters;
import dev.tributary.net.NetConfig;
import dev.tributary.net.Peer;
import dev.tributary.testing.RawFrames;
import dev.tributary.net.bitcoin.EmptyMessages;
import dev.tributary.net.bitcoin.NetworkAddress;
import dev.tributary.net.bitcoin.VersionMessage;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A dagtest node facing bad input over a real socket: a {@code block} frame naming nine parents (one more
 * than the format allows) costs its sender 20 points and is skipped, and a block whose hash misses its
 * target costs 100 (disconnected and banned); each is one log line without a stack trace, and an honest
 * node still syncs the whole DAG from the same server.
 */
class DagHostileInputIT {
    private static final int MAGIC = DagParameters.DAGTEST.magic();

    @TempDir
    Path dir;
    private DagNode server;
    private DagNode honest;
    private LogCapture logs;

    @BeforeEach
    void serveADag() throws Exception {
        logs = new LogCapture();
        server = DagNode.open(dir.resolve("server"), StoreKind.MEMORY, NetConfig.defaults()
                .withListen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).withSeeds(List.of(), false)
                .withMaxOutbound(0));
        server.start();
        server.mineBlocks(20);
    }

    @AfterEach
    void stop() {
        if (honest != null) {
            honest.close();
        }
        server.close();
        logs.close();
    }

    /** Opens a raw connection to the server and completes the handshake from our side. */
    private Socket handshake() throws Exception {
        Socket socket = new Socket();
        socket.connect(server.listeningAddress(), 5_000);
        socket.setSoTimeout(10_000);
        NetworkAddress none = new NetworkAddress(0, InetAddress.getLoopbackAddress(), 0);
        OutputStream out = socket.getOutputStream();
        out.write(RawFrames.frame(MAGIC, new VersionMessage(70015, 0, System.currentTimeMillis() / 1000, none, none,
                42, "/hostile:0.1/", 0, true)));
        out.write(RawFrames.frame(MAGIC, EmptyMessages.Verack.INSTANCE));
        out.flush();
        awaitScore(socket, s -> s >= 0);
        return socket;
    }

    private int scoreOf(Socket socket) {
        InetSocketAddress ours = (InetSocketAddress) socket.getLocalSocketAddress();
        return server.call(() -> server.peers().allPeers().stream()
                .filter(p -> p.isReady() && p.address().getPort() == ours.getPort())
                .mapToInt(Peer::misbehaviourScore).findFirst().orElse(-1));
    }

    private void awaitScore(Socket socket, java.util.function.IntPredicate wanted) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!wanted.test(scoreOf(socket))) {
            assertThat(System.nanoTime()).as("score now %d", scoreOf(socket)).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    @Test
    void aBlockNamingNineParentsCostsTwentyPointsAndIsSkipped() throws Exception {
        DagBlock valid = server.mineBlocks(1).get(0);
        byte[] payload = valid.serialize();
        payload[4] = 9; // the parent count, a one-byte varint right after the 4-byte version
        try (Socket socket = handshake()) {
            socket.getOutputStream().write(RawFrames.frame(MAGIC, "block", payload));
            awaitScore(socket, s -> s == 20);
            logs.awaitWarning(Duration.ofSeconds(5), "malformed message", "block", "+20");
        }
        honestNodeStillSyncs();
    }

    @Test
    void aBlockThatMissesItsTargetIsRejectedWithAPenalty() throws Exception {
        DagBlock valid = server.mineBlocks(1).get(0);
        DagHeader h = valid.header();
        // dagtest's bits (0x207fffff) let about half of all hashes through: try nonces until one misses.
        BigInteger target = Difficulty.decodeCompact(DagParameters.DAGTEST.powBits());
        DagHeader bad = h;
        for (long nonce = h.nonce() + 1; bad.hash().toBigInteger().compareTo(target) <= 0; nonce++) {
            bad = h.withNonce(nonce);
        }
        DagBlock missing = new DagBlock(bad, valid.transactions());
        try (Socket socket = handshake()) {
            socket.getOutputStream().write(RawFrames.frame(MAGIC, new DagBlockMessage(missing)));
            logs.awaitWarning(Duration.ofSeconds(5), "high-hash", missing.hash().toString(), "+100");
            awaitClosed(socket);
        }
        assertThat(server.call(() -> server.protocol().graph().contains(missing.hash()))).isFalse();
        honestNodeStillSyncs();
    }

    /** Reads (and drops) what the server sent until it closes the connection. */
    private static void awaitClosed(Socket socket) throws Exception {
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[4096];
        while (in.read(buffer) >= 0) {
            // the server's version, verack, pings: not looked at here
        }
    }

    private void honestNodeStillSyncs() throws Exception {
        honest = DagNode.open(dir.resolve("honest"), StoreKind.MEMORY, NetConfig.defaults()
                .withConnect(List.of(server.listeningAddress())).withSeeds(List.of(), false));
        honest.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!honest.state().equals(server.state())) {
            assertThat(System.nanoTime()).as("the honest node syncs within 30 s").isLessThan(deadline);
            Thread.sleep(20);
        }
        assertThat(logs.events()).as("no stack trace logged").allMatch(e -> e.getThrowableProxy() == null);
    }
}
