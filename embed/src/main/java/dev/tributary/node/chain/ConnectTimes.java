package dev.tributary.node.chain;

import dev.tributary.node.Node;
import dev.tributary.bytes.Hash;
import dev.tributary.chain.HeaderSyncData;
import dev.tributary.chain.store.ChainState;
import dev.tributary.sync.SyncListener;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When a node first connected each block: the moment its block tip first passed over the block (the
 * {@link System#nanoTime()} of the tip event), for the relay benchmark and tests. Installed with
 * {@link #install}; listens on the engine thread, readable from any thread.
 */
public final class ConnectTimes implements SyncListener {
    private final ChainState chain;
    private final Map<Hash, Long> firstConnected = new ConcurrentHashMap<>();
    private final Map<Hash, CompletableFuture<Long>> waiting = new ConcurrentHashMap<>();

    private ConnectTimes(ChainState chain) {
        this.chain = chain;
    }

    /** Starts recording on {@code node} (before it connects to anyone, or blocks may be missed). */
    public static ConnectTimes install(Node node) {
        ConnectTimes times = node.call(() -> new ConnectTimes(ChainService.of(node).chain()));
        node.execute(() -> ChainService.of(node).chain().addListener(times));
        return times;
    }

    @Override
    public void onNewBlockTip(HeaderSyncData tip) {
        long now = System.nanoTime();
        Optional<HeaderSyncData> b = Optional.of(tip);
        // The tip may have moved over several blocks at once: each of them was connected now.
        while (b.isPresent() && b.get().height() > 0 && firstConnected.putIfAbsent(b.get().hash(), now) == null) {
            CompletableFuture<Long> w = waiting.remove(b.get().hash());
            if (w != null) {
                w.complete(now);
            }
            b = chain.index().get(b.get().prevHash());
        }
    }

    /** When the block was first connected here, if it was. */
    public OptionalLong of(Hash block) {
        Long t = firstConnected.get(block);
        return t == null ? OptionalLong.empty() : OptionalLong.of(t);
    }

    /** Completes with the {@link System#nanoTime()} at which the block was first connected here. */
    public CompletableFuture<Long> whenConnected(Hash block) {
        CompletableFuture<Long> f = waiting.computeIfAbsent(block, h -> new CompletableFuture<>());
        Long t = firstConnected.get(block);
        if (t != null) {
            waiting.remove(block);
            f.complete(t);
        }
        return f;
    }
}
