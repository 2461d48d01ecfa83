package dev.tributary.sync.headers;

import dev.tributary.sync.SyncListener;
import dev.tributary.sync.SyncPeer;
import dev.tributary.chain.HeaderSyncData;
import dev.tributary.engine.Scheduler;
import dev.tributary.chain.message.InvMessage;
import dev.tributary.chain.message.InventoryItem;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

/**
 * Tells peers about a new tip with an {@code inv} of its hash, which every Bitcoin implementation answers
 * with {@code getheaders} or {@code getdata}. A full node announces its block tip (what it can serve), a
 * headers-only node its header tip. Announcements are coalesced: a burst of tips within
 * {@link #DELAY_MILLIS} is one announcement of the last. Peers already known to have the tip are skipped.
 *
 * <p>Engine thread only.
 */
public final class TipAnnouncer implements SyncListener {
    static final long DELAY_MILLIS = 100;

    private final Scheduler scheduler;
    private final Supplier<Collection<? extends SyncPeer>> peers;
    private final boolean announceBlocks;
    private HeaderSyncData pending;

    public TipAnnouncer(Scheduler scheduler, Supplier<Collection<? extends SyncPeer>> peers, boolean announceBlocks) {
        this.scheduler = scheduler;
        this.peers = peers;
        this.announceBlocks = announceBlocks;
    }

    @Override
    public void onNewHeaderTip(HeaderSyncData tip) {
        if (!announceBlocks) {
            schedule(tip);
        }
    }

    @Override
    public void onNewBlockTip(HeaderSyncData tip) {
        if (announceBlocks) {
            schedule(tip);
        }
    }

    private void schedule(HeaderSyncData tip) {
        boolean first = pending == null;
        pending = tip;
        if (first) {
            scheduler.schedule(this::announce, DELAY_MILLIS);
        }
    }

    private void announce() {
        HeaderSyncData tip = pending;
        pending = null;
        if (tip == null) {
            return;
        }
        InvMessage inv = new InvMessage(List.of(InventoryItem.block(tip.hash())));
        for (SyncPeer p : peers.get()) {
            if (p.isConnected() && p.bestKnownHeight() < tip.height()) {
                p.send(inv);
            }
        }
    }
}
