package dev.tributary.sync.inventory;

import dev.tributary.bytes.Hash;
import dev.tributary.wire.Message;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes blocks into a {@link BlockGraph}, with an {@link OrphanPool} for those whose parents are missing
 * (btcd's {@code ProcessBlock} with {@code processOrphans}).
 *
 * <p>A block the graph connects releases the orphans waiting only on it: they are connected in turn, then
 * theirs, breadth first. An orphan that still misses another parent stays; the outcome names it as a gap
 * (the connected parent and the orphan) for the caller to ask a peer for the blocks between. Engine thread
 * only.
 */
final class BlockIntake<B, Q extends Message> {
    private static final Logger log = LoggerFactory.getLogger(BlockIntake.class);

    /** A connected block. */
    record Connected<B>(B block, Acceptance.Connected acceptance) {
    }

    /** An orphan still missing parents after {@code from} connected: the blocks between are worth asking for. */
    record Gap(Hash from, Hash stop) {
    }

    /**
     * What one block did.
     *
     * @param verdict   the graph's verdict on the block itself
     * @param connected the blocks connected, the block first, then released orphans, parents before children
     * @param gaps      orphans that still wait on other parents
     */
    record Outcome<B>(Acceptance verdict, List<Connected<B>> connected, List<Gap> gaps) {
    }

    private final BlockGraph<B, Q> graph;
    private final OrphanPool<B> orphans;

    BlockIntake(BlockGraph<B, Q> graph, OrphanPool<B> orphans) {
        this.graph = graph;
        this.orphans = orphans;
    }

    Outcome<B> process(B block, long nowMillis) {
        Acceptance verdict = graph.accept(block);
        List<Connected<B>> connected = new ArrayList<>();
        List<Gap> gaps = new ArrayList<>();
        if (verdict instanceof Acceptance.Connected c) {
            connected.add(new Connected<>(block, c));
            connectOrphans(c.hash(), connected, gaps, nowMillis);
        } else if (verdict instanceof Acceptance.Orphan o) {
            if (orphans.add(o.hash(), block, o.missingParents(), nowMillis)) {
                log.debug("orphan {} waits for {} ({} orphans)", o.hash(), o.missingParents(), orphans.size());
            }
        }
        return new Outcome<>(verdict, connected, gaps);
    }

    private void connectOrphans(Hash parent, List<Connected<B>> connected, List<Gap> gaps, long nowMillis) {
        Deque<Hash> parents = new ArrayDeque<>();
        parents.add(parent);
        while (!parents.isEmpty()) {
            Hash p = parents.poll();
            List<Hash> waiting = orphans.waitingOn(p);
            for (OrphanPool.Orphan<B> o : orphans.takeChildrenOf(p)) {
                Acceptance a = graph.accept(o.block());
                if (a instanceof Acceptance.Connected c) {
                    connected.add(new Connected<>(o.block(), c));
                    parents.add(c.hash());
                } else if (a instanceof Acceptance.Orphan again) {
                    orphans.add(again.hash(), o.block(), again.missingParents(), nowMillis);
                } else if (a instanceof Acceptance.Invalid invalid) {
                    log.info("orphan {} is invalid now that its parents are here: {}", o.hash(), invalid.reason());
                }
            }
            for (Hash h : waiting) {
                if (orphans.contains(h)) {
                    gaps.add(new Gap(p, h));
                }
            }
        }
    }
}
