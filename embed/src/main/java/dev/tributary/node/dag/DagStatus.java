package dev.tributary.node.dag;

import dev.tributary.dag.DagState;
import java.util.List;

/**
 * A DAG's section of {@code /status}: {@code {"mode": "dag", "height", "tips", "tipsHash", "blockHeight", "mempool",
 * "blocksStored", "dag": {"tips", "tipsHash", "minTipHeight", "maxTipHeight", "blocks"}}}; {@code height} and
 * {@code blockHeight} are the highest tip's height. A DAG has no one tip: {@code tips} lists them (sorted) and
 * {@code tipsHash} is the hash of that list; {@code blocksStored} counts the blocks the store holds.
 */
public record DagStatus(String mode, int height, List<String> tips, String tipsHash, int blockHeight, int mempool,
        long blocksStored, Dag dag) {

    /** The DAG's state: its tips (sorted), the hash of them, the lowest and highest tip height, its blocks. */
    public record Dag(List<String> tips, String tipsHash, int minTipHeight, int maxTipHeight, long blocks) {
    }

    static DagStatus of(DagState s, int mempool) {
        return new DagStatus("dag", s.maxTipHeight(), s.tips().stream().map(Object::toString).toList(),
                s.tipsHash().toString(), s.maxTipHeight(), mempool,
                s.blockCount(), new Dag(s.tips().stream().map(Object::toString).toList(), s.tipsHash().toString(),
                        s.minTipHeight(), s.maxTipHeight(), s.blockCount()));
    }
}
