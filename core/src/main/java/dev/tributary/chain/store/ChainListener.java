package dev.tributary.chain.store;

import dev.tributary.chain.HeaderSyncData;

/** Moves of a {@link ChainState}'s two tips, on the engine thread. Implementations must return quickly. */
public interface ChainListener {

    /** The best validated header chain has a new tip. */
    default void onNewHeaderTip(HeaderSyncData tip) {
    }

    /** The highest block stored with all its ancestors moved. */
    default void onNewBlockTip(HeaderSyncData tip) {
    }
}
