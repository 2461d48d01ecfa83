package dev.tributary.sync.inventory;

import dev.tributary.bytes.Hash;
import java.util.Set;

/** What a {@link BlockGraph} did with a block: data, never an exception. */
public sealed interface Acceptance {

    /** The block was validated and connected at {@code height}. */
    record Connected(Hash hash, int height) implements Acceptance {
    }

    /** Some parents are unknown: the block is an orphan and nothing was stored. */
    record Orphan(Hash hash, Set<Hash> missingParents) implements Acceptance {
        public Orphan {
            missingParents = Set.copyOf(missingParents);
        }
    }

    /**
     * The block breaks a rule.
     *
     * @param penalty the sender's misbehaviour points
     * @param reason  one line naming the block and the rule
     */
    record Invalid(Hash hash, int penalty, String reason) implements Acceptance {
    }

    /** The block is already connected. */
    record Duplicate(Hash hash) implements Acceptance {
    }
}
