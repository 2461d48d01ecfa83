package dev.tributary.sync.inventory;

import dev.tributary.sync.SyncPeer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * Picks the sync peer as soterd does: at random among the connected peers whose best known height is above
 * ours, else among those at our height. Peers below us have nothing to give. The {@link Random} is injected
 * so a test or a simulation picks reproducibly.
 */
public final class SyncPeerSelector {
    private final Random random;

    public SyncPeerSelector(Random random) {
        this.random = random;
    }

    /** The new sync peer among {@code peers}; empty when none is at or above {@code ourHeight}. */
    public Optional<SyncPeer> select(Collection<? extends SyncPeer> peers, int ourHeight) {
        List<SyncPeer> higher = new ArrayList<>();
        List<SyncPeer> equal = new ArrayList<>();
        for (SyncPeer p : peers) {
            if (!p.isConnected() || !p.servesBlocks()) {
                continue;
            }
            if (p.bestKnownHeight() > ourHeight) {
                higher.add(p);
            } else if (p.bestKnownHeight() == ourHeight) {
                equal.add(p);
            }
        }
        List<SyncPeer> pool = higher.isEmpty() ? equal : higher;
        return pool.isEmpty() ? Optional.empty() : Optional.of(pool.get(random.nextInt(pool.size())));
    }
}
