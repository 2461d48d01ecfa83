package dev.tributary.dag;

import dev.tributary.bytes.Hash;
import dev.tributary.bytes.Sha256;
import java.util.List;

/**
 * A summary of a DAG that two nodes compare to know whether they hold the same blocks (soterd's DAG state):
 * the tips sorted by {@link Hash#compareTo}, the hash of those tips, their lowest and highest height, and the
 * number of blocks (genesis included).
 *
 * <p>{@code tipsHash} = SHA-256d of the sorted tip hashes concatenated, each in internal (wire) byte order.
 * Two DAGs with the same blocks have the same state; two states that differ prove the DAGs differ.
 */
public record DagState(List<Hash> tips, Hash tipsHash, int minTipHeight, int maxTipHeight, long blockCount) {
    public DagState {
        tips = List.copyOf(tips);
        if (tips.isEmpty()) {
            throw new IllegalArgumentException("a DAG has at least one tip, its genesis");
        }
    }

    /** SHA-256d of the hashes concatenated in the order given. */
    public static Hash tipsHash(List<Hash> sortedTips) {
        byte[] buf = new byte[sortedTips.size() * Hash.LENGTH];
        for (int i = 0; i < sortedTips.size(); i++) {
            sortedTips.get(i).copyTo(buf, i * Hash.LENGTH);
        }
        return Sha256.sha256d(buf);
    }
}
