package dev.tributary.sync;

import dev.tributary.chain.HeaderSyncData;
import dev.tributary.engine.Scheduler;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs what SPEC section 1 asks a node to report: headers received, the download queue with blocks in
 * flight per peer, and each new tip with its height and chain work. Download progress is logged at most
 * once a second at INFO (every change at DEBUG), so a fast sync does not drown the log. Tips are logged
 * at INFO at most once a second too, but never lost: a tip that arrives within the second after a logged
 * one is logged at INFO when that second ends (unless a newer tip replaced it), so the last tip of a burst
 * is always in the log. Engine thread only.
 */
public final class LoggingSyncListener implements SyncListener {
    private static final Logger log = LoggerFactory.getLogger("dev.tributary.sync");
    private static final long PROGRESS_INTERVAL_MILLIS = 1000;
    private static final String TIP_LINE = "{} = {}, height = {}, chain work = {}";

    private final Scheduler scheduler;
    private long lastProgressLog;
    private long lastTipLog = Long.MIN_VALUE / 2;
    /** Per kind of tip ("New tip", "New header tip"), the latest one whose INFO line waits for the second to end. */
    private final Map<String, HeaderSyncData> pendingTips = new LinkedHashMap<>();

    public LoggingSyncListener(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    @Override
    public void onHeadersReceived(SyncPeer peer, int received, int accepted, HeaderSyncData bestHeader) {
        if (received > 0) {
            log.info("Headers received ({}) from {}, {} new; best header height {}", received, peer.label(), accepted,
                    bestHeader.height());
        } else {
            log.debug("No new headers from {}", peer.label());
        }
    }

    @Override
    public void onNewHeaderTip(HeaderSyncData tip) {
        logTip("New header tip", tip);
    }

    @Override
    public void onNewBlockTip(HeaderSyncData tip) {
        logTip("New tip", tip);
    }

    private void logTip(String what, HeaderSyncData tip) {
        long now = scheduler.nowMillis();
        long wait = lastTipLog + PROGRESS_INTERVAL_MILLIS - now;
        if (wait <= 0 && pendingTips.isEmpty()) {
            infoTip(what, tip, now);
            return;
        }
        log.debug(TIP_LINE, what, tip.hash(), tip.height(), tip.chainWork());
        if (pendingTips.isEmpty()) {
            scheduler.schedule(this::flushPendingTips, Math.max(wait, 0));
        }
        pendingTips.put(what, tip);
    }

    private void flushPendingTips() {
        long now = scheduler.nowMillis();
        pendingTips.forEach((what, tip) -> infoTip(what, tip, now));
        pendingTips.clear();
    }

    private void infoTip(String what, HeaderSyncData tip, long now) {
        lastTipLog = now;
        log.info(TIP_LINE, what, tip.hash(), tip.height(), tip.chainWork());
    }

    @Override
    public void onDownloadProgress(DownloadProgress progress) {
        long now = scheduler.nowMillis();
        if (progress.totalBlocks() > 0 && now - lastProgressLog >= PROGRESS_INTERVAL_MILLIS) {
            lastProgressLog = now;
            log.info("Download: {}", progress);
        } else {
            log.debug("Download: {}", progress);
        }
    }

    @Override
    public void onInvalidData(SyncPeer peer, String reason) {
        // The peer manager already logs the offence with the penalty, at WARN: one line per event.
        log.debug("Invalid data from {}: {}", peer.label(), reason);
    }
}
