package dev.tributary.node.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.node.cli.ChildCli;
import dev.tributary.node.cli.Cli;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tributary and bcoin 1.0.2, a full node nobody here wrote, on regtest over loopback; one story in three
 * steps, in order:
 * <ol>
 * <li>bcoin mines 2,010 blocks; {@code tributary sync --blocks} fetches the headers, then every block, and
 * ends on bcoin's tip hash and chain work;</li>
 * <li>{@code tributary node} on that data directory, connected to bcoin, learns of 10 more blocks from
 * bcoin's announcement and reaches the new tip;</li>
 * <li>with the mining bcoin stopped, a second bcoin (which validates everything) syncs the whole chain
 * from that node, blocks-first, and reaches its tip.</li>
 * </ol>
 * The mining bcoin listens on 48446 so that the node can take 48444, the port bcoin dials by itself.
 * Skipped without Node.js (see {@link Bcoin#assumeAvailable()}).
 */
@Tag("interop")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BcoinInteropIT {
    private static final int CHAIN = 2_010;
    private static final int MINER_P2P = Bcoin.MINER_P2P_PORT;
    private static final String NODE_ADDRESS = "127.0.0.1:" + Bcoin.DEFAULT_P2P_PORT;

    @TempDir
    static Path dir;
    private static Bcoin miner;
    private static ChildCli node;
    private static Bcoin.ChainInfo tip;

    @BeforeAll
    static void bcoinMinesAChain() throws Exception {
        Bcoin.assumeAvailable();
        miner = Bcoin.startMiner(dir);
        tip = miner.generate(CHAIN);
        assertThat(tip.height()).isEqualTo(CHAIN);
    }

    @AfterAll
    static void stopEverything() throws Exception {
        if (node != null) {
            node.close();
        }
        if (miner != null) {
            miner.close();
        }
    }

    private static String datadir() {
        return dir.resolve("tributary").toString();
    }

    @Test
    @Order(1)
    void tributarySyncsTheHeadersThenEveryBlockOfBcoinsChain() {
        Cli.Result r = Cli.run("sync", "--network", "regtest", "--datadir", datadir(), "--connect",
                "127.0.0.1:" + MINER_P2P, "--blocks", "--timeout", "120");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).as(r.toString()).anyMatch(l -> l.contains("headers 0 -> " + CHAIN)
                && l.contains("blocks 0 -> " + CHAIN + " (" + CHAIN + " fetched"));
        assertThat(r.lastOut()).isEqualTo(tip.tipLine());
    }

    @Test
    @Order(2)
    void theNodeLearnsOfBcoinsNewBlocksFromItsAnnouncement() throws Exception {
        // DEBUG: every new tip is logged the moment it is connected, which the latency figure below needs.
        node = ChildCli.start(Map.of("TRIBUTARY_LOG_LEVEL", "DEBUG"), "node", "--network", "regtest", "--datadir",
                datadir(), "--listen", NODE_ADDRESS, "--connect", "127.0.0.1:" + MINER_P2P);
        node.awaitErrLine(l -> l.contains("Handshake with 127.0.0.1:" + MINER_P2P), Duration.ofSeconds(30));

        Bcoin.ChainInfo mined = miner.generate(10);
        long minedAt = System.nanoTime();
        String line = node.awaitErrLine(l -> l.contains("New tip = " + mined.bestHash()), Duration.ofSeconds(30));
        System.out.printf("node reached bcoin's new tip %.0f ms after generate returned%n",
                (System.nanoTime() - minedAt) / 1e6);

        assertThat(mined.height()).isEqualTo(CHAIN + 10);
        assertThat(line).contains("height = " + mined.height() + ",", "chain work = " + mined.chainWork());
        tip = mined;
    }

    @Test
    @Order(3)
    void aSecondBcoinSyncsTheWholeChainFromTributary() throws Exception {
        assertThat(node).as("the node of the previous step").isNotNull();
        miner.close();
        miner = null;

        try (Bcoin follower = Bcoin.startFollower(dir)) {
            Bcoin.ChainInfo reached = follower.awaitChain(i -> i.height() >= tip.height(), Duration.ofSeconds(120),
                    "reach height " + tip.height());

            assertThat(reached).isEqualTo(tip);
        }
        node.awaitErrLine(l -> l.contains("Handshake with") && l.contains("/bcoin:"), Duration.ofSeconds(5));
    }
}
