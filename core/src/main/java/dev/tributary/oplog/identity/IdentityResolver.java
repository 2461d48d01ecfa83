package dev.tributary.oplog.identity;

import java.util.Optional;

/** Finds an identity by its hash (the CID text entries carry in {@code identity}). */
@FunctionalInterface
public interface IdentityResolver {
    Optional<Identity> resolve(String hash);
}
