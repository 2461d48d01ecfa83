package dev.tributary.sync.inventory;

import dev.tributary.bytes.Hash;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The inventory one peer is known to have (btcd's {@code knownInventory}): what it announced or sent us,
 * and what we announced or sent it. A least-recently-used cache of {@code capacity} hashes, so a peer costs
 * bounded memory; a hash that fell out may be announced to it once more, which is harmless.
 */
public final class KnownInventory {
    private final LinkedHashMap<Hash, Boolean> hashes;

    public KnownInventory(int capacity) {
        this.hashes = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Hash, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    /** Records that the peer has {@code hash}; returns true when that was not known yet. */
    public boolean add(Hash hash) {
        return hashes.put(hash, Boolean.TRUE) == null;
    }

    public boolean contains(Hash hash) {
        return hashes.get(hash) != null; // a lookup counts as a use
    }

    public int size() {
        return hashes.size();
    }
}
