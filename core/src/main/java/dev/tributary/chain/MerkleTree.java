package dev.tributary.chain;

import dev.tributary.bytes.Hash;
import dev.tributary.bytes.Sha256;
import java.util.ArrayList;
import java.util.List;

/**
 * Bitcoin's Merkle tree over transaction ids: pairs are hashed with SHA-256d, and a level with an odd
 * number of nodes pairs its last node with itself.
 *
 * <p>That duplication makes two different transaction lists share a root (CVE-2012-2459): a list whose
 * level ends in two equal hashes. {@link #compute(List)} reports such "mutation" so that a validator can
 * reject the block instead of marking its hash invalid.
 */
public final class MerkleTree {
    private MerkleTree() {
    }

    /** The root and whether any level paired two identical nodes (a mutated block). */
    public record Root(Hash root, boolean mutated) {
    }

    public static Root compute(List<Hash> leaves) {
        if (leaves.isEmpty()) {
            return new Root(Hash.ZERO, false);
        }
        List<Hash> level = new ArrayList<>(leaves);
        boolean mutated = false;
        while (level.size() > 1) {
            List<Hash> next = new ArrayList<>((level.size() + 1) / 2);
            for (int i = 0; i < level.size(); i += 2) {
                Hash left = level.get(i);
                if (i + 1 < level.size()) {
                    Hash right = level.get(i + 1);
                    mutated |= left.equals(right);
                    next.add(Sha256.sha256d(left, right));
                } else {
                    next.add(Sha256.sha256d(left, left));
                }
            }
            level = next;
        }
        return new Root(level.get(0), mutated);
    }

    public static Hash root(List<Hash> leaves) {
        return compute(leaves).root();
    }
}
