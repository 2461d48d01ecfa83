package dev.tributary.node.dag;

import dev.tributary.dag.DagState;

/**
 * The line a command about a BlockDAG ends with, as {@link dev.tributary.node.chain.TipLine} is for chains:
 * {@code height=<highest tip> tips=<count> tipshash=<hash of the sorted tips> blocks=<count>}. Two nodes
 * hold the same DAG exactly when their lines are equal.
 */
public final class DagLine {
    private DagLine() {
    }

    public static String of(DagState state) {
        return "height=" + state.maxTipHeight() + " tips=" + state.tips().size() + " tipshash=" + state.tipsHash()
                + " blocks=" + state.blockCount();
    }
}
