package dev.tributary.sync.inventory;

import dev.tributary.bytes.Hash;
import dev.tributary.dag.DagState;
import dev.tributary.dag.message.DagTipsMessage;
import dev.tributary.engine.Cancellable;
import dev.tributary.engine.Scheduler;
import dev.tributary.sync.SyncPeer;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Tells reconciling peers our DAG tips ({@code dagtips}): at once when a peer becomes ready, then whenever our
 * state changed, at most once per {@link #INTERVAL_MILLIS} per peer (the first change after a quiet interval
 * goes out at once, later ones wait for the interval's end and go out as one). Nothing is sent to a peer
 * whose last announced tips hash is ours (it holds the same DAG) or that was last told the same tips. Memory:
 * a few fields and at most one timer per peer. Engine thread only.
 */
final class DagTipsAnnouncer {
    /** Least time between two {@code dagtips} to one peer. */
    static final long INTERVAL_MILLIS = 1_000;

    private final Scheduler scheduler;
    private final Supplier<DagState> state;
    private final Map<Long, Entry> peers = new HashMap<>();

    /** What one peer was told, and what it told us. */
    private static final class Entry {
        final SyncPeer peer;
        Hash lastSent;
        long lastSentAt = Long.MIN_VALUE / 2;
        Hash theirs;
        Cancellable pending;

        Entry(SyncPeer peer) {
            this.peer = peer;
        }
    }

    DagTipsAnnouncer(Scheduler scheduler, Supplier<DagState> state) {
        this.scheduler = scheduler;
        this.state = state;
    }

    /** A reconciling peer is ready: it is told our tips now. */
    void onPeerReady(SyncPeer peer) {
        Entry e = new Entry(peer);
        peers.put(peer.id(), e);
        send(e, state.get());
    }

    void onPeerGone(SyncPeer peer) {
        Entry e = peers.remove(peer.id());
        if (e != null && e.pending != null) {
            e.pending.cancel();
        }
    }

    /** The peer announced {@code tipsHash}: while ours is the same, it is not told ours. */
    void onTheirTips(SyncPeer peer, Hash tipsHash) {
        Entry e = peers.get(peer.id());
        if (e != null) {
            e.theirs = tipsHash;
        }
    }

    /** Our DAG changed: each peer is told now, or at the end of its interval. */
    void onStateChanged() {
        long now = scheduler.nowMillis();
        DagState current = null;
        for (Entry e : peers.values()) {
            if (e.pending != null) {
                continue;
            }
            long due = e.lastSentAt + INTERVAL_MILLIS;
            if (due <= now) {
                if (current == null) {
                    current = state.get();
                }
                send(e, current);
            } else {
                e.pending = scheduler.schedule(() -> {
                    e.pending = null;
                    if (peers.get(e.peer.id()) == e) {
                        send(e, state.get());
                    }
                }, due - now);
            }
        }
    }

    private void send(Entry e, DagState s) {
        if (s.tipsHash().equals(e.lastSent) || s.tipsHash().equals(e.theirs) || !e.peer.isConnected()) {
            return;
        }
        e.lastSent = s.tipsHash();
        e.lastSentAt = scheduler.nowMillis();
        e.peer.send(DagTipsMessage.of(s));
    }
}
