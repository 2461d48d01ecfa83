package dev.tributary.oplog.identity;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** Identities in memory, by hash. Thread-safe. Stores what it is given; verifying is {@link Identities}'s job. */
public final class IdentityStore implements IdentityResolver {
    private final ConcurrentMap<String, Identity> byHash = new ConcurrentHashMap<>();

    public void put(Identity identity) {
        byHash.put(identity.hash(), identity);
    }

    /** Decodes an identity block and stores it; returns the identity. */
    public Identity putBlock(byte[] block) {
        Identity identity = Identity.decode(block);
        put(identity);
        return identity;
    }

    @Override
    public Optional<Identity> resolve(String hash) {
        return Optional.ofNullable(byHash.get(hash));
    }

    public int size() {
        return byHash.size();
    }
}
