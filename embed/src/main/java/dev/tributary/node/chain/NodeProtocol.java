package dev.tributary.node.chain;

import dev.tributary.chain.HeaderSyncData;
import dev.tributary.chain.store.ChainState;
import dev.tributary.bytes.Hash;
import dev.tributary.chain.Transaction;
import dev.tributary.net.PeerModule;
import java.util.List;

/**
 * What a {@link dev.tributary.node.Node} runs over its peers for one kind of network and sync mode: headers-first
 * ({@link HeadersFirstMode}) or blocks-first ({@link BlocksFirstMode}) on Bitcoin networks; a BlockDAG network
 * plugs in a third. The node's local entry points (the HTTP API, benchmarks, tests) reach the protocol only
 * through this interface, so they work on any kind of network.
 *
 * <p>Engine thread only.
 */
public interface NodeProtocol {

    /** The protocol's module on the node's network. */
    PeerModule module();

    /** The sync mode's name, as on the command line. */
    String name();

    /** The node's best chain as the API reports it. */
    TipSummary tip();

    /**
     * Mines {@code count} blocks on the node's best stored block, connects them and announces each to the peers.
     *
     * @return the hashes of the blocks, lowest first
     * @throws IllegalArgumentException when this network cannot be mined here (not regtest)
     */
    List<Hash> mine(int count);

    /**
     * Puts a transaction made elsewhere into the memory pool and announces it.
     *
     * @return its txid
     * @throws IllegalArgumentException       naming why the transaction was refused
     * @throws UnsupportedOperationException when this protocol keeps no memory pool (headers-first)
     */
    Hash submitTransaction(Transaction tx);

    /** Transactions in the memory pool (0 without one). */
    int mempoolSize();

    /** Whether the node has what its peers have: nothing to fetch, no peer known to be ahead. */
    boolean isCurrent();

    /** Stops timers; the node is closing. */
    void stop();

    /**
     * A chain's tip as reported to users.
     *
     * @param height      height of the best chain's tip
     * @param tip         its hash, display hex
     * @param chainwork   work summed from the start header, decimal
     * @param blockHeight height of the highest block stored with all its ancestors
     */
    record TipSummary(int height, String tip, String chainwork, int blockHeight) {
        /** A chain's best header tip and block height. Engine thread. */
        static TipSummary of(ChainState chain) {
            HeaderSyncData main = chain.mainTip();
            return new TipSummary(main.height(), main.hash().toString(), main.chainWork().toString(),
                    chain.blockTip().height());
        }
    }
}
