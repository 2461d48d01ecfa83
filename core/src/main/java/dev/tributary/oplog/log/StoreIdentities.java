package dev.tributary.oplog.log;

import dev.tributary.oplog.cid.Cid;
import dev.tributary.oplog.identity.Identity;
import dev.tributary.oplog.store.OplogStore;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Writers' identities by their hash (the CID of their block, the {@code identity} field of an entry): from a small
 * cache of recently used ones, else from the store's blocks. Identities read from the store were verified when
 * they were stored.
 */
final class StoreIdentities {
    private static final int CACHE_SIZE = 1_000;

    private final OplogStore store;
    private final Map<String, Identity> cache = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Identity> eldest) {
            return size() > CACHE_SIZE;
        }
    };

    StoreIdentities(OplogStore store) {
        this.store = store;
    }

    synchronized Optional<Identity> resolve(String hash) {
        Identity cached = cache.get(hash);
        if (cached != null) {
            return Optional.of(cached);
        }
        Cid cid;
        try {
            cid = Cid.parse(hash);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        Optional<Identity> stored = store.block(cid).map(Identity::decode);
        stored.ifPresent(i -> cache.put(hash, i));
        return stored;
    }

    /** Keeps a verified identity at hand (and in the store, so it resolves after a restart). */
    synchronized void remember(Identity identity) {
        cache.put(identity.hash(), identity);
        Cid cid = Cid.parse(identity.hash());
        if (!store.hasBlock(cid)) {
            store.putBlock(cid, identity.bytes());
        }
    }
}
