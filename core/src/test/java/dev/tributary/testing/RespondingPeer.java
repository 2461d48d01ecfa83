package dev.tributary.testing;

import dev.tributary.bytes.Hash;
import dev.tributary.chain.BlockIndex;
import dev.tributary.chain.HeaderSyncData;
import dev.tributary.chain.Block;
import dev.tributary.chain.BlockHeader;
import dev.tributary.chain.message.BlockMessage;
import dev.tributary.chain.message.GetDataMessage;
import dev.tributary.chain.message.GetHeadersMessage;
import dev.tributary.chain.message.HeadersMessage;
import dev.tributary.chain.message.InvMessage;
import dev.tributary.chain.message.InventoryItem;
import dev.tributary.wire.Message;
import dev.tributary.chain.message.NotFoundMessage;
import dev.tributary.wire.WireLimits;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The remote end of a connection: a peer that serves a reference chain (a {@link ChainBuilder}'s blocks)
 * to a {@link SyncTestNode}. It answers {@code getheaders} from its own {@link BlockIndex} as Bitcoin Core
 * does ({@link BlockIndex#headersAfter}) and {@code getdata} with {@code block} messages, one
 * {@code notfound} for what it lacks. Answers are {@link ManualScheduler} timers over a serial link (a
 * latency, then one block after another), so they interleave with other peers' answers and with the
 * node's own timers as they would on a network.
 *
 * <p>Knobs, for the ways real peers misbehave: stay silent on {@code getheaders} or on {@code getdata}
 * (a stalling peer: it accepts requests and never answers), answer {@code notfound}, have bodies only up
 * to a height, tamper with headers or blocks, close the connection after sending some blocks.
 *
 * <p>It also checks the node keeps one batch in flight per peer: a {@code getdata} arriving while blocks
 * of an earlier one are unanswered is recorded in {@link #violations()}.
 */
public final class RespondingPeer {
    /** How the peer answers {@code getdata} for blocks. */
    public enum BlockMode {
        /** Sends every block it has, one {@code notfound} for the rest. */
        RESPOND,
        /** Accepts the request and never answers: a stalling peer. */
        SILENT,
        /** Answers every request with {@code notfound}. */
        NOT_FOUND
    }

    private final ManualScheduler scheduler;
    private final FakeSyncPeer peer;
    private final BlockIndex index;
    private final Function<Hash, Optional<Block>> bodies;
    private SyncTestNode node;
    private long latencyMillis = 20;
    private long perBlockMillis = 5;
    private long linkFreeAt;
    private boolean answerHeaders = true;
    private UnaryOperator<List<BlockHeader>> headersFilter = UnaryOperator.identity();
    private UnaryOperator<Block> blockFilter = UnaryOperator.identity();
    private BlockMode blockMode = BlockMode.RESPOND;
    private int bodiesUpTo = Integer.MAX_VALUE;
    private int disconnectAfterBlocks = -1;
    private int blocksSent;
    private boolean closing;
    private final Set<Hash> unanswered = new LinkedHashSet<>();
    private final List<List<Hash>> getDataReceived = new ArrayList<>();
    private final List<GetHeadersMessage> getHeadersReceived = new ArrayList<>();
    private final List<String> violations = new ArrayList<>();

    private RespondingPeer(ManualScheduler scheduler, String label, BlockIndex index,
            Function<Hash, Optional<Block>> bodies) {
        this.scheduler = scheduler;
        this.peer = FakeSyncPeer.named(label);
        this.index = index;
        this.bodies = bodies;
        peer.onSend(this::onMessage);
    }

    /**
     * A peer whose chain is the builder's best chain, live: blocks built later become part of it (announce
     * them with {@link #announceTip()}).
     */
    public static RespondingPeer servingBest(ManualScheduler scheduler, String label, ChainBuilder builder) {
        return new RespondingPeer(scheduler, label, builder.index(), builder::block);
    }

    /** A peer whose best chain is the branch of the builder ending at {@code tip}, whatever the builder's best. */
    public static RespondingPeer servingBranch(ManualScheduler scheduler, String label, ChainBuilder builder, Hash tip) {
        Deque<HeaderSyncData> branch = new ArrayDeque<>();
        for (HeaderSyncData e = builder.entry(tip); e.height() > 0; e = builder.entry(e.prevHash())) {
            branch.addFirst(e);
        }
        BlockIndex own = BlockIndex.fromGenesis(builder.params());
        branch.forEach(own::add);
        return new RespondingPeer(scheduler, label, own, builder::block);
    }

    // ---- knobs -------------------------------------------------------------------------------------

    /** Time before the first answer to a request arrives (default 20 ms). */
    public RespondingPeer latency(long millis) {
        this.latencyMillis = millis;
        return this;
    }

    /** Time each block takes on the link (default 5 ms). */
    public RespondingPeer perBlock(long millis) {
        this.perBlockMillis = millis;
        return this;
    }

    /** With false, {@code getheaders} is never answered. */
    public RespondingPeer answeringHeaders(boolean value) {
        this.answerHeaders = value;
        return this;
    }

    /** Rewrites each {@code headers} answer before it is sent (to make it invalid, say). */
    public RespondingPeer tamperingHeaders(UnaryOperator<List<BlockHeader>> filter) {
        this.headersFilter = filter;
        return this;
    }

    /** Rewrites each block before it is sent (to break its Merkle root, say). */
    public RespondingPeer tamperingBlocks(UnaryOperator<Block> filter) {
        this.blockFilter = filter;
        return this;
    }

    public RespondingPeer blockMode(BlockMode mode) {
        this.blockMode = mode;
        return this;
    }

    /**
     * The peer has bodies only up to {@code height} (headers beyond it, as a node still downloading): it
     * answers {@code notfound} above, and advertises this height when it connects.
     */
    public RespondingPeer bodiesUpTo(int height) {
        this.bodiesUpTo = height;
        return this;
    }

    /** The peer closes the connection right after sending its {@code count}th block. */
    public RespondingPeer disconnectingAfterBlocks(int count) {
        this.disconnectAfterBlocks = count;
        return this;
    }

    // ---- the connection ----------------------------------------------------------------------------

    /**
     * Completes the handshake with {@code node}: the node learns the peer's best block height (its own
     * tip, or {@link #bodiesUpTo} when lower, as a version message carries it) and gets
     * {@code SyncFromPeer}. When the node later disconnects the peer, the node hears of it on its next
     * task, as from the network layer.
     */
    public RespondingPeer connectTo(SyncTestNode target) {
        this.node = target;
        peer.withBestKnownHeight(Math.min(index.tip().height(), bodiesUpTo));
        peer.onDisconnect(reason -> scheduler.execute(() -> target.peerGone(peer)));
        target.connect(peer);
        return this;
    }

    /** The peer closes the connection from its side. */
    public void disconnect() {
        peer.disconnect("closed by the remote peer");
    }

    /**
     * The peer announces its tip with an {@code inv}, as after it got a new block. Like every answer it
     * arrives after the latency: step time past it before waiting for the node to be idle again.
     */
    public void announceTip() {
        deliver(new InvMessage(List.of(InventoryItem.block(index.tip().hash()))), 0);
    }

    /** The peer pushes {@code m} to the node, after the link's latency. */
    public void send(Message m) {
        deliver(m, 0);
    }

    private void onMessage(Message m) {
        if (closing) {
            return;
        }
        if (m instanceof GetHeadersMessage gh) {
            getHeadersReceived.add(gh);
            if (answerHeaders) {
                List<BlockHeader> headers = index.headersAfter(gh.locator(), gh.stopHash(), WireLimits.MAX_HEADERS);
                deliver(new HeadersMessage(headersFilter.apply(headers)), 0);
            }
        } else if (m instanceof GetDataMessage gd) {
            onGetData(gd);
        }
    }

    private void onGetData(GetDataMessage gd) {
        List<Hash> hashes = gd.items().stream().map(InventoryItem::hash).toList();
        getDataReceived.add(hashes);
        if (!unanswered.isEmpty()) {
            violations.add("getdata for " + hashes.size() + " blocks while " + unanswered.size()
                    + " blocks of an earlier getdata are unanswered");
        }
        unanswered.addAll(hashes);
        if (blockMode == BlockMode.SILENT) {
            return;
        }
        List<InventoryItem> missing = new ArrayList<>();
        for (InventoryItem item : gd.items()) {
            Optional<Block> block = blockMode == BlockMode.RESPOND ? available(item.hash()) : Optional.empty();
            if (block.isEmpty()) {
                missing.add(item);
                continue;
            }
            deliver(new BlockMessage(blockFilter.apply(block.get())), perBlockMillis);
            blocksSent++;
            if (blocksSent == disconnectAfterBlocks) {
                closing = true;
                long at = linkFreeAt - scheduler.nowMillis();
                scheduler.schedule(this::disconnect, at);
                return;
            }
        }
        if (!missing.isEmpty()) {
            deliver(new NotFoundMessage(missing), 0);
        }
    }

    private Optional<Block> available(Hash hash) {
        Optional<HeaderSyncData> e = index.get(hash);
        if (e.isEmpty() || e.get().height() > bodiesUpTo) {
            return Optional.empty();
        }
        return bodies.apply(hash);
    }

    /** Sends {@code m} over the serial link: after the latency, and after everything sent before it. */
    private void deliver(Message m, long transferMillis) {
        long now = scheduler.nowMillis();
        long at = Math.max(now + latencyMillis, linkFreeAt) + transferMillis;
        linkFreeAt = at;
        scheduler.schedule(() -> arrive(m), at - now);
    }

    private void arrive(Message m) {
        if (!peer.isConnected()) {
            return;
        }
        if (m instanceof BlockMessage b) {
            unanswered.remove(b.block().hash());
        } else if (m instanceof NotFoundMessage nf) {
            nf.items().forEach(i -> unanswered.remove(i.hash()));
        }
        node.receive(peer, m);
    }

    // ---- what happened -----------------------------------------------------------------------------

    /** The node's view of this peer: what it sent, why it disconnected it, the points it gave it. */
    public FakeSyncPeer peer() {
        return peer;
    }

    /** The peer's own chain. */
    public BlockIndex index() {
        return index;
    }

    /** The hashes of each {@code getdata} received, in order. */
    public List<List<Hash>> getDataReceived() {
        return List.copyOf(getDataReceived);
    }

    public List<GetHeadersMessage> getHeadersReceived() {
        return List.copyOf(getHeadersReceived);
    }

    /** Blocks requested and neither sent nor answered {@code notfound}. */
    public Set<Hash> unanswered() {
        return Set.copyOf(unanswered);
    }

    public int blocksSent() {
        return blocksSent;
    }

    /** Breaches of "one batch in flight per peer", one line each. */
    public List<String> violations() {
        return List.copyOf(violations);
    }

    @Override
    public String toString() {
        return peer.label();
    }
}
