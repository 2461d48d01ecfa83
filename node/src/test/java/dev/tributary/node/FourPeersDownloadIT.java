package dev.tributary.node;

import dev.tributary.node.chain.NodeConfig;
import dev.tributary.node.chain.SyncCompletion;
import dev.tributary.node.chain.ChainService;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.bytes.Hash;
import dev.tributary.chain.HeaderSyncData;
import dev.tributary.chain.NetworkParameters;
import dev.tributary.net.NetConfig;
import dev.tributary.chain.store.KeyValueSyncPersist;
import dev.tributary.chain.store.RocksDbSyncPersist;
import dev.tributary.chain.store.StoreConsistencyCheck;
import dev.tributary.sync.headers.SyncConfig;
import dev.tributary.sync.SyncListener;
import dev.tributary.sync.SyncPeer;
import dev.tributary.testing.ChainBuilder;
import dev.tributary.testing.ScriptedPeer;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acceptance test for the download manager, over real sockets: four serving peers, one of
 * which disconnects mid-download and one of which stalls. The sync completes, the staller is dropped under
 * Bitcoin Core's stall rule, and the only blocks asked for twice are those the two bad peers were asked for
 * and did not deliver.
 */
class FourPeersDownloadIT {
    private static final NetworkParameters REGTEST = NetworkParameters.REGTEST;
    /** More than the 1,024-block window, so the window fills and the stall rule can act. */
    private static final int BLOCKS = 2_000;
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static ChainBuilder chain;

    @TempDir
    Path dir;

    @BeforeAll
    static void buildChain() {
        long now = System.currentTimeMillis() / 1000;
        chain = ChainBuilder.regtest(7, now - (BLOCKS + 10) * 600L);
        // Small blocks: a coinbase and one 150-byte transaction.
        chain.extend(chain.genesis(), BLOCKS, 1, 150);
    }

    /** Counts the blocks a node stored, per hash, and who sent them. */
    private static final class StoredBlocks implements SyncListener {
        final Map<Hash, AtomicInteger> times = new ConcurrentHashMap<>();

        @Override
        public void onBlockStored(SyncPeer from, HeaderSyncData block, int sizeBytes) {
            times.computeIfAbsent(block.hash(), h -> new AtomicInteger()).incrementAndGet();
        }
    }

    private static String describe(Set<Hash> hashes, List<ScriptedPeer> peers) {
        StringBuilder sb = new StringBuilder();
        for (Hash h : hashes) {
            sb.append("\n  height ").append(chain.entry(h).height()).append(':');
            for (ScriptedPeer p : peers) {
                long asked = p.blocksRequested().stream().filter(h::equals).count();
                if (asked > 0) {
                    sb.append(' ').append(p.label()).append(" asked ").append(asked).append(" sent ")
                            .append(p.blocksSent().contains(h));
                }
            }
        }
        return sb.toString();
    }

    @Test
    void completesWhenOnePeerDisconnectsAndAnotherStallsAndFetchesOnlyTheirBlocksTwice() throws Exception {
        StoredBlocks stored = new StoredBlocks();
        try (LogCapture logs = new LogCapture();
                ScriptedPeer staller = new ScriptedPeer(REGTEST).serving(chain).stallAfterBlocks(0);
                ScriptedPeer leaver = new ScriptedPeer(REGTEST).serving(chain).disconnectAfterBlocks(50);
                ScriptedPeer honest1 = new ScriptedPeer(REGTEST).serving(chain);
                ScriptedPeer honest2 = new ScriptedPeer(REGTEST).serving(chain)) {
            List<InetSocketAddress> peers = List.of(staller.listen(), leaver.listen(), honest1.listen(), honest2.listen());
            NetConfig net = NetConfig.defaults().withConnect(peers).withSeeds(List.of(), false)
                    .withTimeouts(5_000, 60_000, 60_000);
            // Stall timeout 1 s (Core: 2 s); a silent batch is dropped only after 20 s, so the stall rule acts first.
            SyncConfig sync = SyncConfig.defaults().withTimeouts(1_000, 20_000, 10_000, 25_000);
            Node node = ChainService.node(NodeConfig.of(REGTEST, dir).withNet(net).withSync(sync), List.of(stored));
            long started = System.nanoTime();
            try {
                var done = SyncCompletion.watch(node, List.of(honest1.address(), honest2.address()));
                node.start();
                HeaderSyncData tip = done.get(WAIT.toSeconds(), TimeUnit.SECONDS);
                assertThat(tip.hash()).isEqualTo(chain.tip().hash());
                assertThat(ChainService.of(node).blockTip().hash()).isEqualTo(chain.tip().hash());
                System.out.printf("synced %d blocks from 4 peers in %.1f s%n", BLOCKS, (System.nanoTime() - started) / 1e9);
            } finally {
                node.close();
            }

            // The staller was dropped, under the stall rule, and saw its connection closed.
            staller.awaitClosed(WAIT);
            assertThat(logs.lines(staller.label(), "stalling")).as("a line naming the staller and the stall").isNotEmpty();
            assertThat(staller.blocksSent()).isEmpty();
            assertThat(staller.blocksWithheld()).isNotEmpty();
            // The leaver left mid-download, after 50 blocks.
            assertThat(leaver.blocksSent()).hasSize(50);
            assertThat(leaver.isClosed()).isTrue();

            // Every block stored exactly once.
            assertThat(stored.times).hasSize(BLOCKS);
            assertThat(stored.times.values()).allMatch(n -> n.get() == 1);

            // Requests per block across the four peers: twice exactly for what the bad peers did not deliver.
            for (ScriptedPeer p : List.of(staller, leaver, honest1, honest2)) {
                StringBuilder sb = new StringBuilder(p.label() + " getdata:");
                for (var m : p.received(dev.tributary.chain.message.GetDataMessage.class)) {
                    sb.append(" [").append(chain.entry(m.items().get(0).hash()).height()).append("..")
                            .append(chain.entry(m.items().get(m.items().size() - 1).hash()).height()).append(']');
                }
                System.out.println(sb + " sent " + p.blocksSent().size());
            }
            Map<Hash, Integer> requests = new HashMap<>();
            for (ScriptedPeer p : List.of(staller, leaver, honest1, honest2)) {
                p.blocksRequested().forEach(h -> requests.merge(h, 1, Integer::sum));
            }
            Set<Hash> undelivered = new HashSet<>(staller.blocksRequested());
            staller.blocksSent().forEach(undelivered::remove);
            Set<Hash> leaverUndelivered = new HashSet<>(leaver.blocksRequested());
            leaver.blocksSent().forEach(leaverUndelivered::remove);
            undelivered.addAll(leaverUndelivered);
            Set<Hash> askedAgain = new HashSet<>();
            requests.forEach((h, n) -> {
                if (n > 1) {
                    askedAgain.add(h);
                }
            });
            assertThat(requests).hasSize(BLOCKS);
            Set<Hash> unexpected = new HashSet<>(askedAgain);
            unexpected.removeAll(undelivered);
            Set<Hash> missing = new HashSet<>(undelivered);
            missing.removeAll(askedAgain);
            assertThat(unexpected).as("blocks requested more than once that the bad peers delivered or were never asked for: "
                    + describe(unexpected, List.of(staller, leaver, honest1, honest2))).isEmpty();
            assertThat(missing).as("undelivered blocks not asked again").isEmpty();
            assertThat(askedAgain).containsAll(staller.blocksWithheld());
            System.out.printf("getdata per block: %d once, %d twice or more (staller withheld %d, leaver left %d)%n",
                    requests.size() - askedAgain.size(), askedAgain.size(), staller.blocksWithheld().size(),
                    leaverUndelivered.size());
        }

        // The store, reopened, is consistent and ends on the served tip.
        try (KeyValueSyncPersist persist = RocksDbSyncPersist.open(dir.resolve("store"), REGTEST.name())) {
            assertThat(StoreConsistencyCheck.check(persist)).isEmpty();
            assertThat(persist.loadBlockchain().blockTip()).contains(chain.tip().hash());
        }
    }

    @Test
    void aPeerAnsweringNotFoundAndASlowPeerStillLetTheSyncComplete() throws Exception {
        StoredBlocks stored = new StoredBlocks();
        try (ScriptedPeer lacking = new ScriptedPeer(REGTEST).serving(chain).answerNotFound(true);
                ScriptedPeer slow = new ScriptedPeer(REGTEST).serving(chain).blockDelay(Duration.ofMillis(2));
                ScriptedPeer honest1 = new ScriptedPeer(REGTEST).serving(chain);
                ScriptedPeer honest2 = new ScriptedPeer(REGTEST).serving(chain)) {
            List<InetSocketAddress> peers = List.of(lacking.listen(), slow.listen(), honest1.listen(), honest2.listen());
            NetConfig net = NetConfig.defaults().withConnect(peers).withSeeds(List.of(), false)
                    .withTimeouts(5_000, 60_000, 60_000);
            SyncConfig sync = SyncConfig.defaults().withTimeouts(2_000, 20_000, 10_000, 25_000);
            Node node = ChainService.node(NodeConfig.of(REGTEST, dir).withStore(StoreKind.MEMORY).withNet(net).withSync(sync),
                    List.of(stored));
            try {
                var done = SyncCompletion.watch(node, List.of(honest1.address(), honest2.address()));
                node.start();
                assertThat(done.get(WAIT.toSeconds(), TimeUnit.SECONDS).hash()).isEqualTo(chain.tip().hash());
                assertThat(ChainService.of(node).blockTip().hash()).isEqualTo(chain.tip().hash());
                // notfound is no offence: the peer that lacks the blocks is still connected, unpenalized.
                assertThat(TestNodes.scoreOf(node, lacking.address())).isZero();
                assertThat(lacking.isClosed()).isFalse();
                assertThat(lacking.count("getdata")).isPositive();
                assertThat(lacking.blocksSent()).isEmpty();
                assertThat(slow.blocksSent()).isNotEmpty();
            } finally {
                node.close();
            }
            assertThat(stored.times).hasSize(BLOCKS);
            assertThat(stored.times.values()).allMatch(n -> n.get() == 1);
            System.out.printf("blocks from: slow %d, honest %d and %d; notfound peer asked for %d%n",
                    slow.blocksSent().size(), honest1.blocksSent().size(), honest2.blocksSent().size(),
                    lacking.blocksRequested().size());
        }
    }
}
