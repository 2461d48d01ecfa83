package dev.tributary.node.chain;

import dev.tributary.chain.HeaderSyncData;
import dev.tributary.net.bitcoin.BitcoinPeer;
import dev.tributary.net.bitcoin.VersionMessage;
import dev.tributary.sync.NetworkSyncPeer;
import dev.tributary.sync.SyncListener;
import dev.tributary.sync.SyncPeer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the blocks and bytes a node received, per peer that sent them: by the peer's user agent when it
 * told one, else by its address. Thread-safe to read.
 */
public final class BlockSources implements SyncListener {
    private final Map<String, AtomicLong> blocksByPeer = new ConcurrentHashMap<>();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong blocks = new AtomicLong();

    @Override
    public void onBlockStored(SyncPeer from, HeaderSyncData block, int sizeBytes) {
        blocksByPeer.computeIfAbsent(name(from), k -> new AtomicLong()).incrementAndGet();
        bytes.addAndGet(sizeBytes);
        blocks.incrementAndGet();
    }

    private static String name(SyncPeer peer) {
        if (peer instanceof NetworkSyncPeer p) {
            VersionMessage v = BitcoinPeer.of(p.peer()).version();
            if (v != null && !v.userAgent().isEmpty()) {
                return v.userAgent();
            }
        }
        return peer.label();
    }

    /** Blocks received per peer (user agent, or address). */
    public Map<String, Long> blocksByPeer() {
        Map<String, Long> m = new java.util.TreeMap<>();
        blocksByPeer.forEach((k, v) -> m.put(k, v.get()));
        return m;
    }

    public long bytes() {
        return bytes.get();
    }

    public long blocks() {
        return blocks.get();
    }
}
