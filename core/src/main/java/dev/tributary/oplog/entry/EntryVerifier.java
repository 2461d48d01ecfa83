package dev.tributary.oplog.entry;

import dev.tributary.oplog.identity.Identities;
import dev.tributary.oplog.identity.Identity;
import dev.tributary.oplog.identity.IdentityResolver;
import dev.tributary.validation.Verdict;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Verifies what OrbitDB's log verifies of an entry, and one thing more: the entry's identity is valid (its own two
 * signatures), the entry's {@code key} is its identity's {@code publicKey} (OrbitDB does not check this: without it
 * anyone could sign with their own key under another's identity), and {@code sig} is {@code key}'s signature of
 * the entry's signed bytes. Write access, log id and clock are the log's checks.
 *
 * <p>Identities that verified are remembered (at most {@link #CACHE_SIZE}, least recently used first out), so a
 * log of one writer checks its identity once. Thread-safe.
 */
public final class EntryVerifier {
    /** Verified identities remembered. */
    public static final int CACHE_SIZE = 1_000;

    private final IdentityResolver identities;
    private final Map<String, Boolean> verifiedIdentities = Collections.synchronizedMap(
            new LinkedHashMap<>(64, 0.75f, true) {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > CACHE_SIZE;
                }
            });

    public EntryVerifier(IdentityResolver identities) {
        this.identities = Objects.requireNonNull(identities, "identities");
    }

    /** Verifies {@code entry} with the identity it names, found through the resolver. */
    public Verdict<EntryRejectReason> verify(Entry entry) {
        Optional<Identity> identity = identities.resolve(entry.identity());
        if (identity.isEmpty()) {
            return Verdict.reject(EntryRejectReason.UNKNOWN_IDENTITY,
                    "entry " + entry.hash() + " names identity " + entry.identity() + ", which is not known");
        }
        return verify(entry, identity.get());
    }

    /** Verifies {@code entry} with {@code identity}, which must be the identity the entry names. */
    public Verdict<EntryRejectReason> verify(Entry entry, Identity identity) {
        if (!identity.hash().equals(entry.identity())) {
            return Verdict.reject(EntryRejectReason.IDENTITY_MISMATCH,
                    "entry " + entry.hash() + " names identity " + entry.identity() + ", not " + identity.hash());
        }
        if (!verifiedIdentities.containsKey(identity.hash())) {
            Optional<String> problem = Identities.problem(identity);
            if (problem.isPresent()) {
                return Verdict.reject(EntryRejectReason.BAD_IDENTITY,
                        "entry " + entry.hash() + ": " + problem.get());
            }
            verifiedIdentities.put(identity.hash(), Boolean.TRUE);
        }
        if (!entry.key().equals(identity.publicKey())) {
            return Verdict.reject(EntryRejectReason.KEY_MISMATCH, "entry " + entry.hash() + " has key " + entry.key()
                    + ", not its identity's publicKey " + identity.publicKey());
        }
        if (!Identities.verifyDigest(entry.sig(), entry.key(), entry.signedDigest())) {
            return Verdict.reject(EntryRejectReason.BAD_SIGNATURE,
                    "entry " + entry.hash() + ": its signature does not verify against its key " + entry.key());
        }
        return Verdict.accept();
    }
}
