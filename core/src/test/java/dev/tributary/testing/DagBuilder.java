package dev.tributary.testing;

import dev.tributary.dag.BlockAtHeight;
import dev.tributary.dag.DagBlock;
import dev.tributary.dag.DagIndex;
import dev.tributary.dag.DagMiner;
import dev.tributary.dag.DagParameters;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Grows a dagtest BlockDAG as several miners would without a network: each miner has its own view, mines on
 * all its tips or on a random subset of them, and now and then receives a block another mined. The result
 * has side branches, merges and blocks sharing a height.
 */
public final class DagBuilder {
    private static final DagParameters PARAMS = DagParameters.DAGTEST;

    private DagBuilder() {
    }

    /** Block time of every built block: one day after genesis. */
    public static long time() {
        return PARAMS.genesisBlock().header().time() + 86_400;
    }

    /** {@code count} blocks mined by {@code miners} miners, in the order mined (parents first). */
    public static List<DagBlock> grow(int miners, int count, Random random) {
        DagMiner miner = new DagMiner(PARAMS);
        List<DagIndex> views = new ArrayList<>();
        for (int i = 0; i < miners; i++) {
            views.add(DagIndex.create(PARAMS));
        }
        List<DagBlock> mined = new ArrayList<>();
        int step = 0;
        while (mined.size() < count) {
            int n = random.nextInt(miners);
            DagIndex view = views.get(n);
            int action = random.nextInt(3);
            if (action == 0 && relayOne(view, mined, random)) {
                continue;
            }
            byte[] tag = ("miner " + n + " step " + step++).getBytes(StandardCharsets.UTF_8);
            DagBlock block = action == 1 ? miner.mine(view, List.of(), time(), tag)
                    : miner.mineOn(randomTips(view, random), List.of(), time(), tag);
            view.add(block);
            mined.add(block);
        }
        return mined;
    }

    /** An index holding genesis and {@code blocks} (parents first). */
    public static DagIndex index(List<DagBlock> blocks) {
        DagIndex dag = DagIndex.create(PARAMS);
        blocks.forEach(dag::add);
        return dag;
    }

    private static boolean relayOne(DagIndex view, List<DagBlock> mined, Random random) {
        List<DagBlock> ready = mined.stream().filter(b -> !view.contains(b.hash()))
                .filter(b -> view.missingParents(b.header()).isEmpty()).toList();
        if (ready.isEmpty()) {
            return false;
        }
        view.add(ready.get(random.nextInt(ready.size())));
        return true;
    }

    private static List<BlockAtHeight> randomTips(DagIndex view, Random random) {
        List<BlockAtHeight> tips = new ArrayList<>(view.tipsInCanonicalOrder());
        Collections.shuffle(tips, random);
        return tips.subList(0, 1 + random.nextInt(Math.min(tips.size(), PARAMS.maxParents())));
    }
}
