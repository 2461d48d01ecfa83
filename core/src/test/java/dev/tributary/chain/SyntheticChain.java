package dev.tributary.chain;

import dev.tributary.bytes.Hash;

/**
 * Headers without proof of work, linked into a {@link BlockIndex} directly (no validation): for driving the
 * difficulty rule and the index's bookkeeping with chosen times, bits and shapes.
 */
final class SyntheticChain {
    final BlockIndex index;
    final HeaderSyncData start;
    private int counter;

    SyntheticChain(NetworkParameters p, int startHeight, long startTime, long startBits) {
        this(BlockIndex.fromTrustedStart(p, new BlockHeader(4, Hash.ZERO, Hash.ZERO, startTime, startBits, 0), startHeight));
    }

    /** Synthetic children for an existing index (from genesis, say). */
    SyntheticChain(BlockIndex index) {
        this.index = index;
        this.start = index.start();
    }

    /** A header on {@code parent} that is not added; its nonce makes it unique. */
    BlockHeader header(HeaderSyncData parent, long time) {
        return header(parent, time, 0);
    }

    BlockHeader header(HeaderSyncData parent, long time, long bits) {
        return new BlockHeader(4, parent.hash(), Hash.ZERO, time, bits, ++counter);
    }

    /** Adds a child of {@code parent} and returns its entry. */
    HeaderSyncData child(HeaderSyncData parent, long time, long bits) {
        return entry(parent, header(parent, time, bits), true);
    }

    /** The entry {@code header} would have on {@code parent}, added to the index when {@code add}. */
    HeaderSyncData entry(HeaderSyncData parent, BlockHeader header, boolean add) {
        HeaderSyncData e = new HeaderSyncData(header, parent.height() + 1,
                parent.chainWork().add(Difficulty.work(header.bits())));
        if (add) {
            index.add(e);
        }
        return e;
    }

    /** {@code n} children in a row on {@code from}, 600 s apart, with {@code from}'s bits; returns the last. */
    HeaderSyncData extend(HeaderSyncData from, int n) {
        HeaderSyncData walk = from;
        for (int i = 0; i < n; i++) {
            walk = child(walk, walk.header().time() + 600, walk.header().bits());
        }
        return walk;
    }
}
