package dev.tributary.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.chain.Difficulty;
import dev.tributary.chain.HeaderSyncData;
import dev.tributary.chain.NetworkParameters;
import dev.tributary.chain.store.ChainState;
import dev.tributary.node.chain.ChainService;
import dev.tributary.node.chain.ChainStores;
import dev.tributary.node.chain.NodeConfig;
import dev.tributary.node.chain.SyncCompletion;
import dev.tributary.node.demo.ChainGenerator;
import dev.tributary.node.demo.LocalNetwork;
import dev.tributary.net.HostPort;
import dev.tributary.net.NetConfig;
import dev.tributary.sync.SyncListener;
import dev.tributary.sync.SyncPeer;
import dev.tributary.sync.headers.HeadersFirstSync;
import dev.tributary.sync.headers.SyncConfig;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Core's anti-DoS headers sync over real sockets: on a regtest variant whose minimum chain work lies above what
 * an attacker's chain of 200,000 valid headers reaches, a node that syncs from the attacker receives all of them,
 * stores none and holds a few bytes for them (the presync's commitment bits); an honest peer whose chain is above
 * the minimum still syncs, its headers downloaded twice (presync, then redownload) and stored once.
 */
class LowWorkFloodIT {
    private static final int ATTACKER_HEADERS = 200_000;
    private static final int HONEST_HEADERS = 200_600;
    /** Regtest headers all carry the pow limit's bits: each adds the same work. */
    private static final BigInteger BLOCK_WORK = Difficulty.work(NetworkParameters.REGTEST.powLimitBits());
    /** The work of a chain of 200,300 headers and genesis: above the attacker's, below the honest peer's. */
    private static final BigInteger MINIMUM = BLOCK_WORK.multiply(BigInteger.valueOf(200_301));
    private static final long TIMEOUT_SECONDS = 600;

    @Test
    void aLowWorkFloodIsNotStoredAndAnHonestChainAboveTheMinimumStillSyncs(@TempDir Path dir) throws Exception {
        SyncConfig serving = SyncConfig.defaults().withDownloadBlocks(false);
        try (Node attacker = server(dir.resolve("attacker"), ATTACKER_HEADERS, 1);
             Node honest = server(dir.resolve("honest"), HONEST_HEADERS, 2)) {
            HeaderSyncData honestTip = honest.call(() -> ChainService.of(honest).chain().mainTip());
            BigInteger attackerWork = attacker.call(() -> ChainService.of(attacker).chain().mainTip().chainWork());
            assertThat(attackerWork).isLessThan(MINIMUM);
            assertThat(honestTip.chainWork()).isGreaterThan(MINIMUM);
            SyncConfig syncing = serving.withMinimumChainWork(MINIMUM);
            Path client = dir.resolve("client");

            // The flood alone: every header arrives, none is stored, the presync holds a few hundred bytes, and the
            // sync ends saying why it could not have the attacker's chain.
            Counts fromAttacker = new Counts();
            NetConfig net = NetConfig.defaults().withConnect(List.of(attacker.listeningAddress())).withSeeds(List.of(), false);
            try (Node node = ChainService.node(NodeConfig.of(NetworkParameters.REGTEST, client).withStore(StoreKind.ROCKSDB)
                    .withNet(net).withSync(syncing), List.of(fromAttacker))) {
                CompletableFuture<HeaderSyncData> done = SyncCompletion.watch(node, List.of(attacker.listeningAddress()));
                node.start();
                assertThatThrownBy(() -> done.get(TIMEOUT_SECONDS, TimeUnit.SECONDS)).cause()
                        .hasMessageContaining("none of the headers of " + HostPort.of(attacker.listeningAddress()))
                        .hasMessageContaining("below the minimum 0x" + MINIMUM.toString(16));
                assertThat(node.call(() -> ChainService.of(node).chain().mainTip().height())).isZero();
                assertThat(fromAttacker.received(attacker.listeningAddress())).isGreaterThanOrEqualTo(ATTACKER_HEADERS);
                assertThat(fromAttacker.accepted()).isZero();
                HeadersFirstSync sync = ChainService.of(node).headersFirst().headerSync();
                long peak = node.call(sync::peakPresyncBytes);
                assertThat(peak).as("bytes the presync of 200,000 headers held").isPositive().isLessThan(1_024);
                assertThat(node.call(() -> ChainService.of(node).chain().index().size())).isEqualTo(1);
            }
            assertStored(client, 1);

            // The attacker again, and an honest peer above the minimum: the honest chain syncs, and only it is stored.
            Counts both = new Counts();
            LocalNetwork.SyncRun run = LocalNetwork.syncFrom(NetworkParameters.REGTEST, client, StoreKind.ROCKSDB, syncing,
                    List.of(attacker.listeningAddress(), honest.listeningAddress()), List.of(both), TIMEOUT_SECONDS);
            try (Node node = run.node()) {
                assertThat(run.tip().hash()).isEqualTo(honestTip.hash());
                // Presynced, then redownloaded: each honest header came twice.
                assertThat(both.received(honest.listeningAddress())).isGreaterThanOrEqualTo(2L * HONEST_HEADERS);
                assertThat(both.accepted()).isEqualTo(HONEST_HEADERS);
                long peak = node.call(ChainService.of(node).headersFirst().headerSync()::peakPresyncBytes);
                NetworkParameters p = NetworkParameters.REGTEST;
                long bound = 1_024 + (p.redownloadBufferSize() + 2_000L) * 260;
                assertThat(peak).as("bytes a presync held, at most its buffer and one message").isLessThanOrEqualTo(bound);
            }
            assertStored(client, HONEST_HEADERS + 1);
        }
    }

    private static Node server(Path dir, int headers, long seed) throws Exception {
        Node node = LocalNetwork.startServer(NetworkParameters.REGTEST, dir, StoreKind.MEMORY,
                SyncConfig.defaults().withDownloadBlocks(false), 0, n -> { });
        ChainGenerator generator = new ChainGenerator(ChainService.of(node).chain(), seed);
        for (int mined = 0; mined < headers; mined += 50_000) { // in slices: each engine call answers in seconds
            int n = Math.min(50_000, headers - mined);
            node.call(() -> {
                generator.mineHeaders(n, h -> { });
                return null;
            });
        }
        return node;
    }

    /** Reopens the client's store: its index holds exactly what was stored. */
    private static void assertStored(Path client, int entries) {
        ChainState reopened = ChainStores.openChain(StoreKind.ROCKSDB, client, NetworkParameters.REGTEST, Optional.empty());
        try {
            assertThat(reopened.index().size()).as("headers stored").isEqualTo(entries);
        } finally {
            reopened.persist().close();
        }
    }

    /** Headers received per peer address and accepted in all. */
    private static final class Counts implements SyncListener {
        private final Map<String, AtomicLong> received = new ConcurrentHashMap<>();
        private final AtomicLong accepted = new AtomicLong();

        @Override
        public void onHeadersReceived(SyncPeer peer, int n, int acceptedHere, HeaderSyncData best) {
            received.computeIfAbsent(peer.label(), a -> new AtomicLong()).addAndGet(n);
            accepted.addAndGet(acceptedHere);
        }

        long received(InetSocketAddress address) {
            AtomicLong n = received.get(dev.tributary.net.HostPort.of(address));
            return n == null ? 0 : n.get();
        }

        long accepted() {
            return accepted.get();
        }
    }
}
