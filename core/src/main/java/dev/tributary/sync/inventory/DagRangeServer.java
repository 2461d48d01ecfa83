package dev.tributary.sync.inventory;

import dev.tributary.bytes.Hash;
import dev.tributary.dag.BlockAtHeight;
import dev.tributary.dag.DagIndex;
import dev.tributary.dag.message.DagRangeMessage;
import dev.tributary.dag.message.GetDagRangeMessage;
import dev.tributary.engine.Scheduler;
import dev.tributary.sync.SyncPeer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Answers {@code getdagrange} with one {@code dagrange} page of at most {@value DagRangeMessage#MAX_ENTRIES}
 * blocks in canonical order: a locating request from {@link dev.tributary.dag.DagLocator#firstUnsharedHeight}
 * (the first block at that height), a continuing one strictly after its cursor; {@code more} is set when
 * blocks follow the page. Stateless between requests: the cursor carries the position, so paging costs the
 * server no memory and continues inside a height.
 *
 * <p>Bounds: each peer may send {@value #BURST} requests at once and {@value #PER_SECOND} a second after
 * that (10 pages a second is 20,000 blocks a second, more than a node connects); a request over that costs
 * {@value #OVER_RATE_PENALTY} points and is not answered. Work per request: O(locator entries × log H) to locate,
 * O(page × log n) to list. Engine thread only.
 */
final class DagRangeServer {
    static final int BURST = 20;
    static final int PER_SECOND = 10;
    static final int OVER_RATE_PENALTY = 10;

    private final DagIndex dag;
    private final Scheduler scheduler;
    private final Map<Long, RateBudget> budgets = new HashMap<>();

    DagRangeServer(DagIndex dag, Scheduler scheduler) {
        this.dag = dag;
        this.scheduler = scheduler;
    }

    void onGetRange(SyncPeer peer, GetDagRangeMessage request) {
        long now = scheduler.nowMillis();
        if (!budgets.computeIfAbsent(peer.id(), k -> new RateBudget(BURST, PER_SECOND, now)).take(now)) {
            peer.misbehave(OVER_RATE_PENALTY, "sent getdagrange more than " + PER_SECOND + " times a second");
            return;
        }
        peer.send(page(request));
    }

    /** The page answering {@code request} from our DAG now. */
    DagRangeMessage page(GetDagRangeMessage request) {
        BlockAtHeight after = request.locates()
                ? new BlockAtHeight(Hash.ZERO, request.locator().firstUnsharedHeight(dag))
                : request.cursor();
        List<BlockAtHeight> blocks = dag.blocksAfter(after, DagRangeMessage.MAX_ENTRIES + 1);
        boolean more = blocks.size() > DagRangeMessage.MAX_ENTRIES;
        return new DagRangeMessage(more ? blocks.subList(0, DagRangeMessage.MAX_ENTRIES) : blocks, more);
    }

    void onPeerGone(SyncPeer peer) {
        budgets.remove(peer.id());
    }
}
