package dev.tributary.bench;

import java.io.File;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;
import org.bitcoinj.base.BitcoinNetwork;
import org.bitcoinj.base.Sha256Hash;
import org.bitcoinj.core.Block;
import org.bitcoinj.core.BlockChain;
import org.bitcoinj.core.Context;
import org.bitcoinj.core.NetworkParameters;
import org.bitcoinj.core.PeerAddress;
import org.bitcoinj.core.PeerGroup;
import org.bitcoinj.core.StoredBlock;
import org.bitcoinj.core.listeners.DownloadProgressTracker;
import org.bitcoinj.store.SPVBlockStore;
import org.bitcoinj.utils.Threading;

/**
 * bitcoinj 0.17 syncing a regtest chain from one peer, set up the way a bitcoinj application sets up its
 * client: a {@link PeerGroup} on REGTEST with no peer discovery and no localhost shortcut, the one peer's
 * address, one connection (set after {@code addAddress}, which raises it), an {@link SPVBlockStore} in a
 * file, and the download listener registered before {@code start()}.
 *
 * <p>bitcoinj only syncs from a peer that advertises NODE_NETWORK and NODE_WITNESS, a protocol version of
 * at least 70012 and a start height above 0. Its fast catch-up time (a wallet's birthday) decides what it
 * downloads: headers ({@code getheaders}) for blocks older than that time, then whole blocks ({@code getblocks},
 * {@code inv}, {@code getdata}), each verified (Merkle root, coinbase, transactions) before it is connected.
 * {@link #headersOnly()} puts the time in the future, {@link #fullBlocks()} at the genesis block.
 */
public final class BitcoinjClient {
    private BitcoinjClient() {
    }

    /** What bitcoinj downloads: headers for blocks older than {@code fastCatchupTime}, whole blocks after. */
    public record Mode(Instant fastCatchupTime) {
        /** Headers only: the catch-up time lies in the future. */
        public static Mode headersOnly() {
            return new Mode(Instant.now().plus(Duration.ofDays(3650)));
        }

        /** Every block whole: the catch-up time is the genesis block's. */
        public static Mode fullBlocks() {
            return new Mode(NetworkParameters.of(BitcoinNetwork.REGTEST).getGenesisBlock().time());
        }

        /** Headers for blocks older than {@code time}, then whole blocks. */
        public static Mode headersThenBlocks(Instant time) {
            return new Mode(time);
        }
    }

    /**
     * Where bitcoinj ended: its best chain's height, tip hash (display order) and chain work, how many
     * blocks arrived with their transactions, and the seconds from {@code start()} to the target height.
     */
    public record Result(int height, String tipHash, BigInteger chainWork, int blocksWithBodies, double seconds) {
    }

    /**
     * Syncs from {@code peer} until bitcoinj's best chain reaches {@code targetHeight}, keeping its block
     * store in {@code storeFile}; fails with a {@link TimeoutException} naming the height reached if that
     * takes longer than {@code timeout}. Stops the peer group before returning.
     */
    public static Result sync(InetSocketAddress peer, Mode mode, File storeFile, int targetHeight, Duration timeout)
            throws Exception {
        Context.propagate(new Context());
        SPVBlockStore store = new SPVBlockStore(NetworkParameters.of(BitcoinNetwork.REGTEST), storeFile);
        try {
            BlockChain chain = new BlockChain(BitcoinNetwork.REGTEST, store);
            CompletableFuture<StoredBlock> reached = new CompletableFuture<>();
            Set<Sha256Hash> bodies = ConcurrentHashMap.newKeySet();
            // Done when the best chain is at the target and, unless headers only were asked for, its tip arrived
            // whole (bitcoinj connects in order, so every block after the switch to bodies did too). Blocks are
            // counted as messages: bitcoinj reports a block it connects from its orphan pool to no listener.
            boolean bodiesWanted = mode.fastCatchupTime().isBefore(Instant.now());
            Runnable checkDone = () -> {
                StoredBlock head = chain.getChainHead();
                if (head.getHeight() >= targetHeight && (!bodiesWanted || bodies.contains(head.getHeader().getHash()))) {
                    reached.complete(head);
                }
            };
            chain.addNewBestBlockListener(Threading.SAME_THREAD, best -> checkDone.run());
            PeerGroup group = new PeerGroup(BitcoinNetwork.REGTEST, chain);
            group.setUserAgent("tributary-bench", "0.1");
            group.setUseLocalhostPeerWhenPossible(false);
            group.addAddress(PeerAddress.simple(peer));
            group.setMaxConnections(1);
            group.setFastCatchupTime(mode.fastCatchupTime());
            group.addPreMessageReceivedEventListener(Threading.SAME_THREAD, (p, message) -> {
                if (message instanceof Block block && block.getTransactions() != null) {
                    bodies.add(block.getHash());
                }
                return message;
            });
            long start = System.nanoTime();
            // Registered before start(), so no event of a peer that connects at once is missed.
            group.startBlockChainDownload(new DownloadProgressTracker());
            group.start();
            try {
                StoredBlock best = await(reached, chain, targetHeight, bodies::size, timeout);
                double seconds = (System.nanoTime() - start) / 1e9;
                return new Result(best.getHeight(), best.getHeader().getHashAsString(), best.getChainWork(),
                        bodies.size(), seconds);
            } finally {
                group.stop();
            }
        } finally {
            store.close();
        }
    }

    private static StoredBlock await(CompletableFuture<StoredBlock> reached, BlockChain chain, int target,
            IntSupplier bodies, Duration timeout) throws Exception {
        try {
            return reached.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new TimeoutException("bitcoinj reached height " + chain.getBestChainHeight() + " of " + target
                    + " (" + bodies.getAsInt() + " blocks with their transactions) within " + timeout.toSeconds() + " s");
        }
    }
}
