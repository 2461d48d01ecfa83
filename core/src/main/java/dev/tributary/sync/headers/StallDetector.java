package dev.tributary.sync.headers;

import dev.tributary.sync.SyncPeer;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bitcoin Core's block-download stall rule. The window is stalled when an idle peer could take work but
 * every queued batch lies beyond the download window: the peer holding the window's first block is then
 * stalling, and it is dropped once it has stalled for longer than the stall timeout.
 *
 * <p>The timeout adapts, as in Core: it starts at {@code stallTimeoutMillis} (2 s), doubles on each stall
 * up to {@code maxStallTimeoutMillis} (64 s), and eases back by 15% per block connected, never below the
 * start. Connecting a block also clears every peer's stall mark: the window moved.
 *
 * <p>Engine thread only (owned by the {@link DownloadManager}).
 */
final class StallDetector {
    /** Logs as the download manager, whose rule this is. */
    private static final Logger log = LoggerFactory.getLogger(DownloadManager.class);

    private final long baseTimeoutMillis;
    private final long maxTimeoutMillis;
    /** When each peer was first seen holding up a stalled window, by peer id. */
    private final Map<Long, Long> stallingSince = new HashMap<>();
    private long timeoutMillis;

    StallDetector(long stallTimeoutMillis, long maxStallTimeoutMillis) {
        this.baseTimeoutMillis = stallTimeoutMillis;
        this.maxTimeoutMillis = maxStallTimeoutMillis;
        this.timeoutMillis = stallTimeoutMillis;
    }

    /** Whether the window is stalled: an idle peer waits, yet the window is full (see the class comment). */
    static boolean windowStalled(boolean idlePeerWaiting, boolean windowFull) {
        return idlePeerWaiting && windowFull;
    }

    /**
     * While the window is stalled, for a peer holding its first block (at {@code height}): marks the peer the
     * first time; once it has held up the window for longer than the timeout, doubles the timeout and returns
     * how long the peer stalled, in ms: the caller drops it. Otherwise returns empty.
     */
    OptionalLong check(SyncPeer holder, int height, long now) {
        Long since = stallingSince.get(holder.id());
        if (since == null) {
            stallingSince.put(holder.id(), now);
            log.debug("{} holds up the download window at height {}", holder.label(), height);
        } else if (now - since > timeoutMillis) {
            timeoutMillis = Math.min(maxTimeoutMillis, timeoutMillis * 2);
            return OptionalLong.of(now - since);
        }
        return OptionalLong.empty();
    }

    /**
     * {@code count} blocks were connected: every stall mark is cleared and the timeout eases back by 15% per
     * block (Core does this per block connected, not once per arrival: one body that fills a gap may connect
     * many).
     */
    void blocksConnected(int count) {
        stallingSince.clear();
        for (int i = 0; i < count && timeoutMillis > baseTimeoutMillis; i++) {
            timeoutMillis = Math.max(baseTimeoutMillis, (long) (timeoutMillis * 0.85));
        }
    }

    /** The peer no longer holds the window (its blocks went back, or it left): its mark is cleared. */
    void clear(long peerId) {
        stallingSince.remove(peerId);
    }

    /** The download ended: every mark is cleared; the timeout stays as it is for the next one. */
    void clearAll() {
        stallingSince.clear();
    }

    /** The stall timeout now. */
    long timeoutMillis() {
        return timeoutMillis;
    }
}
