package dev.tributary.node.demo;

import dev.tributary.node.Node;
import dev.tributary.node.dag.DagService;
import dev.tributary.node.StoreKind;
import dev.tributary.node.dag.DagLine;
import dev.tributary.dag.DagState;
import dev.tributary.net.NetConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Several {@code dagtest} nodes, all connected over loopback, mine at the same time and converge: each mines
 * its share of blocks on its own current tips with short random pauses, so blocks cross on the wire and the
 * DAG grows side by side; then the run waits until every node reports the same {@link DagState}. For the
 * demo; the DAG tests drive nodes directly.
 */
public final class DagMiningRace {
    private static final long CONVERGENCE_PATIENCE_SECONDS = 120;

    private DagMiningRace() {
    }

    /**
     * What the race ended on.
     *
     * @param mined   blocks mined in all
     * @param seconds from the first block mined until every node held the same DAG
     * @param states  each node's state at the end, all equal
     */
    public record Result(int mined, double seconds, List<DagState> states) {
    }

    /**
     * Runs {@code nodes} miners of {@code blocksEach} blocks in data directories under {@code dir};
     * {@code progress} hears the blocks mined so far.
     */
    public static Result run(Path dir, int nodes, int blocksEach, IntConsumer progress) throws Exception {
        List<Node> started = new ArrayList<>();
        ExecutorService miners = Executors.newFixedThreadPool(nodes);
        try {
            for (int i = 0; i < nodes; i++) {
                List<InetSocketAddress> earlier = started.stream().map(Node::listeningAddress).toList();
                NetConfig net = NetConfig.defaults().withListen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                        .withConnect(earlier).withSeeds(List.of(), false);
                Node node = DagService.node(dir.resolve("dag-" + (char) ('A' + i)), StoreKind.ROCKSDB, net);
                started.add(node);
                node.start();
            }
            awaitMesh(started);
            AtomicInteger count = new AtomicInteger();
            long start = System.nanoTime();
            List<CompletableFuture<Void>> mining = new ArrayList<>();
            for (int i = 0; i < nodes; i++) {
                DagService node = DagService.of(started.get(i));
                Random random = new Random(i);
                mining.add(CompletableFuture.runAsync(() -> {
                    for (int b = 0; b < blocksEach; b++) {
                        node.mineBlocks(1);
                        progress.accept(count.incrementAndGet());
                        pause(random.nextInt(10));
                    }
                }, miners));
            }
            CompletableFuture.allOf(mining.toArray(CompletableFuture[]::new)).get(10, TimeUnit.MINUTES);
            List<DagState> states = awaitConvergence(started, 1L + (long) nodes * blocksEach);
            return new Result(nodes * blocksEach, (System.nanoTime() - start) / 1e9, states);
        } finally {
            miners.shutdownNow();
            started.forEach(Node::close);
        }
    }

    private static void awaitMesh(List<Node> nodes) throws TimeoutException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        for (Node n : nodes) {
            while (n.call(() -> n.peers().readyPeers().size()) < nodes.size() - 1) {
                if (System.nanoTime() > deadline) {
                    throw new TimeoutException("the dagtest nodes did not all connect within 30 s");
                }
                pause(10);
            }
        }
    }

    private static List<DagState> awaitConvergence(List<Node> nodes, long blocks) throws TimeoutException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CONVERGENCE_PATIENCE_SECONDS);
        while (true) {
            List<DagState> states = nodes.stream().map(n -> DagService.of(n).state()).toList();
            if (states.stream().allMatch(s -> s.blockCount() == blocks && s.equals(states.get(0)))) {
                return states;
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("the dagtest nodes did not converge within " + CONVERGENCE_PATIENCE_SECONDS
                        + " s: " + states.stream().map(DagLine::of).toList());
            }
            pause(20);
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
