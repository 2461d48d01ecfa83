package dev.tributary.chain;

import java.util.Optional;

/**
 * Finds ancestors of a header in a chain, as Core's {@code CBlockIndex::GetAncestor}. The difficulty rule
 * and the median-time-past rule read history through it; {@link BlockIndex} implements it.
 */
@FunctionalInterface
public interface AncestorLookup {
    /**
     * The ancestor of {@code from} at {@code height} ({@code from} itself at its own height), or empty when
     * that height is above {@code from} or below the chain's start (a trusted start knows nothing earlier).
     *
     * @throws IllegalArgumentException when {@code from} is not part of this chain
     */
    Optional<HeaderSyncData> ancestor(HeaderSyncData from, int height);
}
