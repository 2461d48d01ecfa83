package dev.tributary.bench;

import dev.tributary.node.chain.ChainService;
import dev.tributary.bytes.Hash;
import dev.tributary.node.Node;
import dev.tributary.node.chain.NodeLine;
import dev.tributary.node.StoreKind;
import dev.tributary.node.chain.SyntheticTransactions;
import dev.tributary.sync.inventory.InventoryConfig;
import dev.tributary.chain.NetworkParameters;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/**
 * Block relay along a line of blocks-first nodes ({@link NodeLine}, loopback, in-memory stores): the first node
 * mines blocks one engine task at a time (optionally after submitting synthetic transactions for each), and
 * every block travels inv -> getdata -> block from node to node. Measures how fast blocks reach the last node
 * and the delay of each hop: for every block and every node after the first, the time it first connected the
 * block minus the time its predecessor did.
 */
public final class RelayBench {
    /** How long the last node may take to receive the last block. */
    private static final long PATIENCE_SECONDS = 600;

    private RelayBench() {
    }

    /**
     * The figures of one run.
     *
     * @param seconds         from the first block mined to the last block connected by the last node
     * @param minedPerSecond  the baseline, measured in the same run: how fast the first node mined (and
     *                        announced) the blocks; {@code blocksPerSecond / minedPerSecond} is the share of
     *                        that rate the end of the line keeps up with
     */
    public record Result(int nodes, int blocks, double seconds, double blocksPerSecond, double minedPerSecond,
            double hopP50Ms, double hopP99Ms) {
    }

    /**
     * Runs the benchmark in {@code dir}; {@code progress} hears how many blocks were mined.
     *
     * @param intervalMillis pause between two blocks mined: 0 mines as fast as the first node can, which
     *                       measures throughput (hops then include queueing); a pause longer than a hop
     *                       measures the delay of a hop on an idle line
     */
    public static Result run(Path dir, int nodes, int blocks, int txsPerBlock, long intervalMillis,
            IntConsumer progress) throws Exception {
        try (NodeLine line = NodeLine.start(dir, nodes, StoreKind.MEMORY,
                InventoryConfig.forNetwork(NetworkParameters.REGTEST))) {
            Node first = line.node(0);
            Random random = new Random(5);
            List<Hash> mined = new ArrayList<>(blocks);
            long start = System.nanoTime();
            for (int i = 0; i < blocks; i++) {
                for (int t = 0; t < txsPerBlock; t++) {
                    ChainService.of(first).submitTransaction(SyntheticTransactions.create(random));
                }
                mined.addAll(ChainService.of(first).mine(1));
                progress.accept(i + 1);
                if (intervalMillis > 0) {
                    Thread.sleep(intervalMillis);
                }
            }
            long minedAt = line.times(0).whenConnected(mined.get(blocks - 1)).get(PATIENCE_SECONDS, TimeUnit.SECONDS);
            long end = line.times(nodes - 1).whenConnected(mined.get(blocks - 1)).get(PATIENCE_SECONDS, TimeUnit.SECONDS);
            double seconds = (end - start) / 1e9;
            double minedSeconds = Math.max(1e-9, (minedAt - start) / 1e9);
            double[] hops = hopDelaysMillis(line, mined);
            return new Result(nodes, blocks, seconds, blocks / seconds, blocks / minedSeconds, percentile(hops, 50),
                    percentile(hops, 99));
        }
    }

    /** Every hop's delay for every block, in ms; a block a node never connected is a failure. */
    private static double[] hopDelaysMillis(NodeLine line, List<Hash> mined) {
        double[] hops = new double[(line.size() - 1) * mined.size()];
        int k = 0;
        for (Hash block : mined) {
            for (int i = 1; i < line.size(); i++) {
                long before = connectedAt(line, i - 1, block);
                hops[k++] = (connectedAt(line, i, block) - before) / 1e6;
            }
        }
        return hops;
    }

    private static long connectedAt(NodeLine line, int node, Hash block) {
        return line.times(node).of(block).orElseThrow(() -> new IllegalStateException(
                "node " + node + " never connected block " + block));
    }

    /** The nearest-rank percentile {@code p} of {@code values}. */
    static double percentile(double[] values, double p) {
        if (values.length == 0) {
            return 0;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
