package dev.tributary.node.sim;

import dev.tributary.bytes.Hash;
import dev.tributary.chain.Block;
import dev.tributary.chain.BlockHeader;
import dev.tributary.chain.BlockIndex;
import dev.tributary.chain.HeaderSyncData;
import dev.tributary.chain.NetworkParameters;
import dev.tributary.chain.message.BlockMessage;
import dev.tributary.chain.message.ChainMessages;
import dev.tributary.chain.message.GetDataMessage;
import dev.tributary.chain.message.GetHeadersMessage;
import dev.tributary.chain.message.HeadersMessage;
import dev.tributary.chain.message.InvMessage;
import dev.tributary.chain.message.InventoryItem;
import dev.tributary.chain.message.NotFoundMessage;
import dev.tributary.engine.Scheduler;
import dev.tributary.net.Peer;
import dev.tributary.net.PeerListener;
import dev.tributary.net.PeerModule;
import dev.tributary.net.PeerNetwork;
import dev.tributary.net.bitcoin.BitcoinNetworks;
import dev.tributary.net.bitcoin.VersionMessage;
import dev.tributary.node.NodeService;
import dev.tributary.node.ServiceContext;
import dev.tributary.testing.ChainBuilder;
import dev.tributary.wire.Message;
import dev.tributary.wire.MessageCodec;
import dev.tributary.wire.WireLimits;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The remote end of a connection: a scripted peer on the simulated network that serves a reference chain (a
 * {@link ChainBuilder}'s blocks) to a node. It is a node of its own ({@link SimNode}) speaking Bitcoin's real
 * handshake and messages over real frames, with one service that answers {@code getheaders} from its own
 * {@link BlockIndex} as Bitcoin Core does ({@link BlockIndex#headersAfter}) and {@code getdata} with {@code block}
 * messages, one {@code notfound} for what it lacks. Blocks go over a serial link (one after another, each taking
 * {@link #perBlock} ms, then the link's latency), so they interleave with other peers' answers and with the node's
 * own timers as on a network.
 *
 * <p>Knobs, for the ways real peers misbehave: stay silent on {@code getheaders} or on {@code getdata} (a stalling
 * peer: it accepts requests and never answers), answer {@code notfound}, have bodies only up to a height, tamper with
 * headers or blocks, close the connection after sending some blocks.
 *
 * <p>It dials the node once ({@link #connectTo}); when the connection goes, so does the peer (it never dials again).
 * It checks that the node keeps one batch in flight per peer: a {@code getdata} the node sent while it had not yet
 * received every block of an earlier one is recorded in {@link #violations()}.
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

    /** A block's answer not sent yet. */
    private static final long NOT_SENT = -1;

    private final SimNet net;
    private final String label;
    private final BlockIndex index;
    private final Function<Hash, Optional<Block>> bodies;
    private final SimNode self;
    private PeerView view;
    private Peer link;
    private Scheduler engine;
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
    /** Blocks asked for and not answered, with when their answer left (or {@link #NOT_SENT}). */
    private final Map<Hash, Long> unanswered = new LinkedHashMap<>();
    private final List<List<Hash>> getDataReceived = new ArrayList<>();
    private final List<GetHeadersMessage> getHeadersReceived = new ArrayList<>();
    private final List<String> violations = new ArrayList<>();
    private final List<java.util.function.Consumer<Message>> nodeSendHooks = new ArrayList<>();

    private RespondingPeer(SimNet net, String label, BlockIndex index, Function<Hash, Optional<Block>> bodies) {
        this.net = net;
        this.label = label;
        this.index = index;
        this.bodies = bodies;
        this.self = net.cluster().add(label, settings -> List.of(this::service));
        latency(20);
    }

    /**
     * A peer whose chain is the builder's best chain, live: blocks built later become part of it (announce them with
     * {@link #announceTip()}).
     */
    public static RespondingPeer servingBest(SimNet net, String label, ChainBuilder builder) {
        return new RespondingPeer(net, label, builder.index(), builder::block);
    }

    /** A peer whose best chain is the branch of the builder ending at {@code tip}, whatever the builder's best. */
    public static RespondingPeer servingBranch(SimNet net, String label, ChainBuilder builder, Hash tip) {
        Deque<HeaderSyncData> branch = new ArrayDeque<>();
        for (HeaderSyncData e = builder.entry(tip); e.height() > 0; e = builder.entry(e.prevHash())) {
            branch.addFirst(e);
        }
        BlockIndex own = BlockIndex.fromGenesis(builder.params());
        branch.forEach(own::add);
        return new RespondingPeer(net, label, own, builder::block);
    }

    // ---- knobs -------------------------------------------------------------------------------------

    /** Time before an answer arrives at the node (default 20 ms). */
    public RespondingPeer latency(long millis) {
        net.latencies().set(self.host(), millis);
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
     * The peer has bodies only up to {@code height} (headers beyond it, as a node still downloading): it answers
     * {@code notfound} above, and advertises this height in its {@code version}.
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
     * Dials {@code target} and steps virtual time until the node has completed the handshake with this peer: the node
     * knows its best height (its tip, or {@link #bodiesUpTo} when lower, from {@code version}) and starts syncing.
     */
    public RespondingPeer connectTo(SyncingNode target) {
        return connectTo(target.simNode());
    }

    /** {@link #connectTo(SyncingNode)} for any simulated node. */
    public RespondingPeer connectTo(SimNode target) {
        begin(target);
        if (!net.clock().runUntil(this::isConnected, 60_000)) {
            throw new IllegalStateException(label + " did not complete its handshake with " + target);
        }
        return this;
    }

    /** Dials each of {@code peers} at once and steps time until the node has completed all their handshakes. */
    public static void connectAll(SyncingNode target, RespondingPeer... peers) {
        for (RespondingPeer p : peers) {
            p.begin(target.simNode());
        }
        if (!target.scheduler().runUntil(() -> java.util.Arrays.stream(peers).allMatch(RespondingPeer::isConnected),
                60_000)) {
            throw new IllegalStateException("not every peer completed its handshake");
        }
    }

    private void begin(SimNode target) {
        view = net.view(target, self);
        nodeSendHooks.forEach(view::onSend);
        self.connectTo(List.of(target)).start();
    }

    /** Runs {@code hook} on each message the node sends this peer, as it is sent, from the moment the peer dials. */
    public RespondingPeer onNodeSend(java.util.function.Consumer<Message> hook) {
        nodeSendHooks.add(hook);
        return this;
    }

    /** Whether both ends completed the handshake (the connection may have closed since). */
    private boolean isConnected() {
        return view.wasReady() && link != null;
    }

    /** The peer closes the connection from its side. */
    public void disconnect() {
        if (link != null) {
            link.disconnect("closed by the remote peer");
        }
    }

    /**
     * The peer announces its tip with an {@code inv}, as after it got a new block. Like every answer it arrives after
     * the latency: step time past it before waiting for the node to be idle again.
     */
    public void announceTip() {
        deliver(new InvMessage(List.of(InventoryItem.block(index.tip().hash()))), 0);
    }

    /** The peer pushes {@code m} to the node, after the link's latency. */
    public void send(Message m) {
        deliver(m, 0);
    }

    // ---- serving -----------------------------------------------------------------------------------

    private NodeService service(ServiceContext context) {
        engine = context.engine();
        PeerModule serving = new PeerModule() {
            @Override
            public String name() {
                return "responding peer";
            }

            @Override
            public void registerMessages(MessageCodec.Builder codec) {
                ChainMessages.register(codec);
            }

            @Override
            public void install(PeerNetwork network) {
                network.dispatcher().on(GetHeadersMessage.class, (p, m) -> onGetHeaders(m));
                network.dispatcher().on(GetDataMessage.class, (p, m) -> onGetData(m));
                network.addListener(new PeerListener() {
                    @Override
                    public void onPeerReady(Peer p) {
                        link = p;
                    }

                    @Override
                    public void onPeerGone(Peer p, String reason) {
                        // One connection only: the peer goes with it, and never dials again.
                        net.clock().execute(self::crash);
                    }
                });
            }
        };
        PeerNetwork network = BitcoinNetworks.forChain(NetworkParameters.REGTEST, context.net(), engine,
                () -> Math.min(index.tip().height(), bodiesUpTo), VersionMessage.NODE_NETWORK,
                new Random(context.random().nextLong())).module(serving).build();
        return new NodeService() {
            @Override
            public String name() {
                return "responding peer";
            }

            @Override
            public List<PeerNetwork> networks() {
                return List.of(network);
            }

            @Override
            public Object status() {
                return label;
            }
        };
    }

    private void onGetHeaders(GetHeadersMessage gh) {
        if (closing) {
            return;
        }
        getHeadersReceived.add(gh);
        if (answerHeaders) {
            List<BlockHeader> headers = index.headersAfter(gh.locator(), gh.stopHash(), WireLimits.MAX_HEADERS);
            deliver(new HeadersMessage(headersFilter.apply(headers)), 0);
        }
    }

    private void onGetData(GetDataMessage gd) {
        if (closing) {
            return;
        }
        List<Hash> hashes = gd.items().stream().map(InventoryItem::hash).toList();
        getDataReceived.add(hashes);
        checkOneBatchInFlight(hashes.size());
        hashes.forEach(h -> unanswered.put(h, NOT_SENT));
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
                engine.schedule(this::disconnect, linkFreeAt - engine.nowMillis());
                return;
            }
        }
        if (!missing.isEmpty()) {
            deliver(new NotFoundMessage(missing), 0);
        }
    }

    /**
     * The node sent this {@code getdata} when it arrived here (the link to the peer takes no time); it had received
     * an answer that left here a latency before. Blocks of earlier requests not answered by then were still in
     * flight for the node: a second batch.
     */
    private void checkOneBatchInFlight(int size) {
        long now = engine.nowMillis();
        long latency = net.latencies().of(self.host());
        long pending = unanswered.values().stream().filter(sent -> sent == NOT_SENT || sent + latency > now).count();
        unanswered.values().removeIf(sent -> sent != NOT_SENT && sent + latency <= now);
        if (pending > 0) {
            violations.add("getdata for " + size + " blocks while " + pending
                    + " blocks of an earlier getdata are unanswered");
        }
    }

    private Optional<Block> available(Hash hash) {
        Optional<HeaderSyncData> e = index.get(hash);
        if (e.isEmpty() || e.get().height() > bodiesUpTo) {
            return Optional.empty();
        }
        return bodies.apply(hash);
    }

    /** Sends {@code m} over the serial link: after everything sent before it, taking {@code transferMillis}. */
    private void deliver(Message m, long transferMillis) {
        long now = engine.nowMillis();
        long at = Math.max(now, linkFreeAt) + transferMillis;
        linkFreeAt = at;
        engine.schedule(() -> leave(m), at - now);
    }

    private void leave(Message m) {
        if (link == null || !link.isConnected()) {
            return;
        }
        long now = engine.nowMillis();
        if (m instanceof BlockMessage b) {
            unanswered.replace(b.block().hash(), now);
        } else if (m instanceof NotFoundMessage nf) {
            nf.items().forEach(i -> unanswered.replace(i.hash(), now));
        }
        link.send(m);
    }

    // ---- what happened -----------------------------------------------------------------------------

    /** The node's view of this peer: what it sent it, why it dropped it, the misbehaviour it found. */
    public PeerView peer() {
        return view;
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
        Set<Hash> out = new java.util.LinkedHashSet<>();
        unanswered.forEach((h, sent) -> {
            if (sent == NOT_SENT) {
                out.add(h);
            }
        });
        return out;
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
        return label;
    }
}
