package dev.tributary.sync.replication;

import dev.tributary.oplog.store.OplogStore;
import java.util.ArrayList;
import java.util.List;

/**
 * The answer to a peer's {@code dbwant}: any block of the store (an entry of the log, a writer's identity, a
 * manifest), all read in one lookup, up to the size of one {@code dbblocks} message; digests not stored are listed
 * as missing, and blocks left out for size are neither sent nor listed (the asker asks again). Stateless.
 */
final class BlockServing {
    /** Room left in a {@code dbblocks} message for its header and lists. */
    private static final long HEADROOM = 64 * 1024;
    /** What each block adds to the message besides its bytes: its digest and length. */
    private static final int PER_BLOCK = 40;

    private BlockServing() {
    }

    /**
     * Answers {@code m} from {@code store}, or with every digest missing when {@code serves} is false (a database
     * neither replicated nor being opened here).
     */
    static DbMessages.Blocks answer(OplogStore store, DbMessages.Want m, boolean serves) {
        List<DbMessages.Block> blocks = new ArrayList<>();
        List<byte[]> missing = new ArrayList<>();
        long budget = DbMessages.MAX_BLOCKS_PAYLOAD - HEADROOM;
        long used = 0;
        List<byte[]> found = serves ? store.blocks(m.digests().stream().map(DbMessages::cidOf).toList()) : null;
        for (int i = 0; i < m.digests().size(); i++) {
            byte[] d = m.digests().get(i);
            byte[] block = found == null ? null : found.get(i);
            if (block == null) {
                missing.add(d);
            } else if (used + block.length + PER_BLOCK <= budget) {
                blocks.add(new DbMessages.Block(d, block));
                used += block.length + PER_BLOCK;
            }
        }
        return new DbMessages.Blocks(m.address(), blocks, missing);
    }
}
