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
 * Blocks-first inventory sync ({@code --sync-mode blocks}) against bcoin 1.0.2 on regtest over loopback: the
 * blocks-first twin of {@link BcoinInteropIT}, one story in three steps, in order:
 * <ol>
 * <li>bcoin mines 2,010 blocks; {@code tributary sync --sync-mode blocks} asks bcoin with {@code getblocks},
 * gets {@code inv}s of at most 500 blocks (and bcoin's continue announcement after each 500th block), fetches
 * every block with {@code getdata} and exits 0 on bcoin's tip hash and chain work. Its log shows it was inventory
 * sync that ran: it chose bcoin as its sync peer and ended current at bcoin's height;</li>
 * <li>{@code tributary node --sync-mode blocks} on that data directory, connected to bcoin, learns of 10 more
 * blocks from bcoin's announcement (relay, out of sync mode) and reaches the new tip;</li>
 * <li>with the mining bcoin stopped, a second bcoin (which validates everything, and syncs regtest blocks-first
 * since regtest has no checkpoints) syncs the whole chain from that node, which answers its {@code getblocks}
 * and {@code getdata} from inventory sync's server, and reaches the same tip.</li>
 * </ol>
 * The mining bcoin listens on 48446 so that the node can take 48444, the port bcoin dials by itself. Skipped
 * without Node.js (see {@link Bcoin#assumeAvailable()}).
 */
@Tag("interop")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BcoinBlocksFirstIT {
    private static final int CHAIN = 2_010;
    private static final int MORE = 10;
    private static final int MINER_P2P = Bcoin.MINER_P2P_PORT;
    private static final String MINER_ADDRESS = "127.0.0.1:" + MINER_P2P;
    private static final String NODE_ADDRESS = "127.0.0.1:" + Bcoin.DEFAULT_P2P_PORT;
    private static final Duration PATIENCE = Duration.ofSeconds(180);

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
    void tributarySyncsBcoinsChainBlocksFirst() throws Exception {
        // A child process, so that its log (standard error) shows which sync ran.
        Cli.Result r = ChildCli.run(PATIENCE, "sync", "--network", "regtest", "--datadir", datadir(), "--connect",
                MINER_ADDRESS, "--sync-mode", "blocks", "--timeout", "150");

        r.out().forEach(System.out::println);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.err()).as(r.toString())
                .anyMatch(l -> l.contains("Syncing blocks from " + MINER_ADDRESS + " (height " + CHAIN + ", ours 0)"))
                .anyMatch(l -> l.contains("Blocks are current at height " + CHAIN));
        assertThat(r.out()).as(r.toString()).anyMatch(l -> l.contains("blocks 0 -> " + CHAIN + " (" + CHAIN + " fetched"));
        assertThat(r.lastOut()).isEqualTo(tip.tipLine());
    }

    @Test
    @Order(2)
    void theBlocksFirstNodeLearnsOfBcoinsNewBlocksFromItsAnnouncement() throws Exception {
        // DEBUG: every new tip is logged the moment it is connected.
        node = ChildCli.start(Map.of("TRIBUTARY_LOG_LEVEL", "DEBUG"), "node", "--network", "regtest", "--datadir",
                datadir(), "--sync-mode", "blocks", "--listen", NODE_ADDRESS, "--connect", MINER_ADDRESS);
        node.awaitErrLine(l -> l.contains("Handshake with " + MINER_ADDRESS), PATIENCE);

        Bcoin.ChainInfo mined = miner.generate(MORE);
        long minedAt = System.nanoTime();
        String line = node.awaitErrLine(l -> l.contains("New tip = " + mined.bestHash()), PATIENCE);
        System.out.printf("the blocks-first node reached bcoin's new tip %.0f ms after generate returned%n",
                (System.nanoTime() - minedAt) / 1e6);

        assertThat(mined.height()).isEqualTo(CHAIN + MORE);
        assertThat(line).contains("height = " + mined.height() + ",", "chain work = " + mined.chainWork());
        tip = mined;
    }

    @Test
    @Order(3)
    void aSecondBcoinSyncsTheWholeChainFromTheBlocksFirstNode() throws Exception {
        assertThat(node).as("the node of the previous step").isNotNull();
        miner.close();
        miner = null;

        try (Bcoin follower = Bcoin.startFollower(dir)) {
            Bcoin.ChainInfo reached = follower.awaitChain(i -> i.height() >= tip.height(), PATIENCE,
                    "reach height " + tip.height());

            assertThat(reached).isEqualTo(tip);
        }
        node.awaitErrLine(l -> l.contains("Handshake with") && l.contains("/bcoin:"), Duration.ofSeconds(30));
    }
}
