package dev.tributary.node.dag;

import dev.tributary.bytes.Hash;
import dev.tributary.dag.DagHeader;
import dev.tributary.dag.DagIndex;
import dev.tributary.dag.DagState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * A DAG's section of {@code /status}: {@code {"mode": "dag", "height", "tips", "tipsHash", "blockHeight", "mempool",
 * "blocksStored", "dag": {"tips", "tipsHash", "minTipHeight", "maxTipHeight", "blocks", "recent"}}}; {@code height}
 * and {@code blockHeight} are the highest tip's height. A DAG has no one tip: {@code tips} lists them (sorted) and
 * {@code tipsHash} is the hash of that list; {@code blocksStored} counts the blocks the store holds.
 */
public record DagStatus(String mode, int height, List<String> tips, String tipsHash, int blockHeight, int mempool,
        long blocksStored, Dag dag) {
    /** How many of the highest blocks {@link Dag#recent} lists. */
    public static final int RECENT = 40;

    /**
     * The DAG's state: its tips (sorted), the hash of them, the lowest and highest tip height, its blocks, and its
     * {@link #RECENT} highest blocks with their parents (the recent structure, for drawing), highest first.
     */
    public record Dag(List<String> tips, String tipsHash, int minTipHeight, int maxTipHeight, long blocks,
            List<DagNode> recent) {
    }

    /** One block of the DAG: its hash, height and parents' hashes (display hex). */
    public record DagNode(String hash, int height, List<String> parents) {
    }

    static DagStatus of(DagState s, int mempool, List<DagNode> recent) {
        return new DagStatus("dag", s.maxTipHeight(), s.tips().stream().map(Object::toString).toList(),
                s.tipsHash().toString(), s.maxTipHeight(), mempool,
                s.blockCount(), new Dag(s.tips().stream().map(Object::toString).toList(), s.tipsHash().toString(),
                        s.minTipHeight(), s.maxTipHeight(), s.blockCount(), recent));
    }

    /** The {@link #RECENT} highest blocks reachable from the tips, highest first. Engine thread. */
    static List<DagNode> recent(DagIndex index) {
        PriorityQueue<Hash> next = new PriorityQueue<>(
                Comparator.comparingInt((Hash h) -> index.height(h).orElse(-1)).reversed());
        Set<Hash> seen = new HashSet<>(index.tips());
        next.addAll(index.tips());
        List<DagNode> out = new ArrayList<>(RECENT);
        while (!next.isEmpty() && out.size() < RECENT) {
            Hash h = next.poll();
            DagHeader header = index.header(h).orElse(null);
            if (header == null) {
                continue;
            }
            out.add(new DagNode(h.toString(), header.height(), header.parents().stream().map(Object::toString).toList()));
            for (Hash p : header.parents()) {
                if (seen.add(p)) {
                    next.add(p);
                }
            }
        }
        return List.copyOf(out);
    }
}
