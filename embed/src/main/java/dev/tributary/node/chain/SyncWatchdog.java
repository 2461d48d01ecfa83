package dev.tributary.node.chain;

import dev.tributary.chain.HeaderSyncData;
import dev.tributary.chain.store.ChainState;
import dev.tributary.net.Peer;
import dev.tributary.net.bitcoin.BitcoinPeer;
import dev.tributary.node.Node;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * Ends a sync ({@code tributary sync}, {@link ChainSync#await}) that no longer makes progress: when neither a header nor a block has arrived for the stall
 * timeout, the sync fails naming what is missing and what each peer offers, instead of waiting for ever (a
 * headers-only peer and a full peer that lacks the blocks would otherwise keep it asking).
 */
public final class SyncWatchdog {
    private final Node node;
    private final boolean blocks;
    private final long stallNanos;
    private final LongSupplier nanoClock;
    private final LongSupplier fetched;
    private long[] last;
    private long lastChangeAt;

    /**
     * @param blocks  whether the sync downloads blocks (else headers only)
     * @param fetched how many blocks have arrived so far (out-of-order arrivals count as progress too)
     */
    public SyncWatchdog(Node node, boolean blocks, long stallSeconds, LongSupplier fetched, LongSupplier nanoClock) {
        this.node = node;
        this.blocks = blocks;
        this.stallNanos = stallSeconds * 1_000_000_000L;
        this.fetched = fetched;
        this.nanoClock = nanoClock;
        this.lastChangeAt = nanoClock.getAsLong();
    }

    /**
     * Checks for progress since the last call.
     *
     * @throws IOException naming what is missing when nothing arrived for the stall timeout
     */
    public void check() throws IOException {
        long now = nanoClock.getAsLong();
        long[] state = node.call(() -> {
            ChainState chain = ChainService.of(node).chain();
            return new long[] {chain.mainTip().height(), chain.blockTip().height(), fetched.getAsLong()};
        });
        if (last == null || !java.util.Arrays.equals(state, last)) {
            last = state;
            lastChangeAt = now;
            return;
        }
        if (now - lastChangeAt >= stallNanos) {
            throw new IOException(node.call(this::whatIsMissing));
        }
    }

    /** Engine thread: the stall's message. */
    private String whatIsMissing() {
        ChainState chain = ChainService.of(node).chain();
        long seconds = stallNanos / 1_000_000_000L;
        List<Peer> ready = List.copyOf(node.peers().readyPeers());
        String peers = ready.isEmpty() ? "no peer is connected"
                : "peers: " + ready.stream().map(SyncWatchdog::offers).collect(Collectors.joining(", "));
        HeaderSyncData headerTip = chain.mainTip();
        HeaderSyncData blockTip = chain.blockTip();
        if (blocks && blockTip.height() < headerTip.height()) {
            int next = blockTip.height() + 1;
            String hash = chain.index().mainChainAt(next).map(h -> " (" + h.hash() + ")").orElse("");
            int more = headerTip.height() - next;
            return String.format(Locale.ROOT, "no block arrived for %d s: block %d%s%s missing; %s", seconds, next,
                    hash, more > 0 ? String.format(Locale.ROOT, " and the %,d after it are", more) : " is", peers);
        }
        return String.format(Locale.ROOT, "no header arrived for %d s at height %d, short of the peers' chain; %s",
                seconds, headerTip.height(), peers);
    }

    /** A peer and what it offers: whether it serves blocks, and how high its chain is. */
    private static String offers(Peer p) {
        BitcoinPeer b = BitcoinPeer.of(p);
        return p.label() + " (" + (b.servesBlocks() ? "serves blocks" : "headers only, serves no blocks")
                + ", best height " + b.bestKnownHeight() + ")";
    }
}
