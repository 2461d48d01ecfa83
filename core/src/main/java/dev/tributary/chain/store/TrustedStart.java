package dev.tributary.chain.store;

import dev.tributary.chain.BlockHeader;

/**
 * A header trusted without validation at a given height: a checkpoint from which a chain begins
 * mid-history. Its chain work counts from itself (its own work included), so totals are relative to it.
 */
public record TrustedStart(BlockHeader header, int height) {
    public TrustedStart {
        if (height < 0) {
            throw new IllegalArgumentException("start height must not be negative: " + height);
        }
    }
}
