package dev.tributary.node.sim;

import dev.tributary.bytes.Hash;
import dev.tributary.wire.Message;
import java.util.List;
import java.util.Random;

/**
 * What a hostile node sends on one kind of network: blocks no honest node may accept, and announcements of blocks
 * that do not exist. Every hash it makes is reported to a ledger, which the simulation checks no honest store holds.
 */
interface Forgery {

    /** A block that breaks a validity rule, pushed and announced. */
    List<Message> invalidBlock(long nowSeconds);

    /** {@code count} blocks on parents nobody has (orphans for ever), pushed unasked. */
    List<Message> orphans(int count, long nowSeconds);

    /** An announcement of {@code count} blocks that exist nowhere (asked for, never served). */
    Message phantomInv(int count);

    /** Headers that break a rule, or none where the network syncs no headers. */
    List<Message> invalidHeaders(long nowSeconds);

    /** A made-up hash. */
    static Hash randomHash(Random random) {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return Hash.wrap(b);
    }

    /** Where a forgery reports the hashes it made. */
    @FunctionalInterface
    interface Ledger {
        /**
         * @param validHeader whether the block's header alone is valid (a node syncing headers may keep it; its
         *                    body is what no node may store)
         */
        void forged(Hash hash, boolean validHeader);
    }
}
