package dev.tributary.dag;

import dev.tributary.bytes.Hash;
import java.util.Comparator;

/**
 * A block's hash and height: what a getblocks answer lists, and the key of the DAG's canonical order.
 *
 * <p>The canonical order sorts by height, then by hash ({@link Hash#compareTo}: the hashes as numbers, the
 * order of their display form). Since a block's height exceeds each parent's, it is a topological order:
 * every block comes after its parents.
 */
public record BlockAtHeight(Hash hash, int height) implements Comparable<BlockAtHeight> {
    /** By height, then by hash. */
    public static final Comparator<BlockAtHeight> CANONICAL =
            Comparator.comparingInt(BlockAtHeight::height).thenComparing(BlockAtHeight::hash);

    public BlockAtHeight {
        if (height < 0) {
            throw new IllegalArgumentException("negative height " + height);
        }
    }

    public static BlockAtHeight of(DagBlock block) {
        return new BlockAtHeight(block.hash(), block.height());
    }

    @Override
    public int compareTo(BlockAtHeight o) {
        return CANONICAL.compare(this, o);
    }

    @Override
    public String toString() {
        return height + ":" + hash;
    }
}
