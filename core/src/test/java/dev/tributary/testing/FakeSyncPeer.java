package dev.tributary.testing;

import dev.tributary.bytes.Hash;
import dev.tributary.sync.SyncPeer;
import dev.tributary.chain.message.GetDataMessage;
import dev.tributary.chain.message.InventoryItem;
import dev.tributary.wire.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A handshaked peer as the synchronizers see it, without a socket: it records every message the node sends
 * it, the reason it was disconnected for, and the misbehaviour points it was given. What the real peer
 * advertised (best height, services, {@code sendheaders}) and how full its send queue is are set by the
 * test.
 *
 * <p>It keeps the {@link SyncPeer} contract: once disconnected it records nothing more, and misbehaviour
 * reaching {@value #BAN_SCORE} points disconnects it, as the peer manager does. Hooks ({@link #onSend},
 * {@link #onDisconnect}) let a test's scripted remote end react to what the node
 * does. Not thread-safe: used on the test thread, which is the engine thread of a {@link ManualScheduler}.
 */
public final class FakeSyncPeer implements SyncPeer {
    /** Misbehaviour score at which the peer manager disconnects and bans a peer. */
    public static final int BAN_SCORE = 100;
    private static final AtomicLong IDS = new AtomicLong(1);

    private final long id;
    private final String label;
    private final List<Message> sent = new ArrayList<>();
    private final List<String> misbehaviourReasons = new ArrayList<>();
    private final List<Consumer<Message>> sendHooks = new ArrayList<>();
    private final List<Consumer<String>> disconnectHooks = new ArrayList<>();
    private boolean connected = true;
    private String disconnectReason;
    private int misbehaviour;
    private int bestKnownHeight = -1;
    private boolean servesBlocks = true;
    private boolean servesWitness;
    private boolean prefersHeaders;
    private long queuedSendBytes;
    private boolean queueSentBytes;

    private FakeSyncPeer(String label) {
        this.id = IDS.getAndIncrement();
        this.label = label;
    }

    /** A connected peer serving blocks without witness data, best height unknown (-1). */
    public static FakeSyncPeer named(String label) {
        return new FakeSyncPeer(label);
    }

    // ---- what the peer advertised -------------------------------------------------------------------

    public FakeSyncPeer withBestKnownHeight(int height) {
        this.bestKnownHeight = height;
        return this;
    }

    public FakeSyncPeer servingBlocks(boolean value) {
        this.servesBlocks = value;
        return this;
    }

    public FakeSyncPeer servingWitness(boolean value) {
        this.servesWitness = value;
        return this;
    }

    public FakeSyncPeer preferringHeaderAnnouncements(boolean value) {
        this.prefersHeaders = value;
        return this;
    }

    /** Sets the bytes waiting in the send queue, as the network layer would report them. */
    public FakeSyncPeer setQueuedSendBytes(long bytes) {
        this.queuedSendBytes = bytes;
        return this;
    }

    /**
     * When on, every message sent adds its payload size to {@link #queuedSendBytes()}, as a socket that
     * never drains would; {@link #drainSendQueue()} empties it.
     */
    public FakeSyncPeer queueingSentBytes(boolean value) {
        this.queueSentBytes = value;
        return this;
    }

    /** The socket caught up: nothing is queued any more. */
    public void drainSendQueue() {
        queuedSendBytes = 0;
    }

    /** Runs {@code hook} for every message sent to this peer while it is connected, after recording it. */
    public FakeSyncPeer onSend(Consumer<Message> hook) {
        sendHooks.add(hook);
        return this;
    }

    /** Runs {@code hook} with the reason once, when the peer is disconnected (by the node or by its own side). */
    public FakeSyncPeer onDisconnect(Consumer<String> hook) {
        disconnectHooks.add(hook);
        return this;
    }

    // ---- SyncPeer ----------------------------------------------------------------------------------

    @Override
    public long id() {
        return id;
    }

    @Override
    public String label() {
        return label;
    }

    @Override
    public void send(Message message) {
        if (!connected) {
            return;
        }
        sent.add(message);
        if (queueSentBytes) {
            queuedSendBytes += message.payload().length;
        }
        for (Consumer<Message> hook : List.copyOf(sendHooks)) {
            hook.accept(message);
        }
    }

    @Override
    public void disconnect(String reason) {
        if (!connected) {
            return;
        }
        connected = false;
        disconnectReason = reason;
        for (Consumer<String> hook : List.copyOf(disconnectHooks)) {
            hook.accept(reason);
        }
    }

    @Override
    public void misbehave(int points, String reason) {
        misbehaviour += points;
        misbehaviourReasons.add(points + ": " + reason);
        if (misbehaviour >= BAN_SCORE) {
            disconnect("banned for misbehaviour (" + misbehaviour + " points): " + reason);
        }
    }

    @Override
    public boolean isConnected() {
        return connected;
    }

    @Override
    public int bestKnownHeight() {
        return bestKnownHeight;
    }

    @Override
    public void updateBestKnownHeight(int height) {
        bestKnownHeight = Math.max(bestKnownHeight, height);
    }

    @Override
    public boolean servesBlocks() {
        return servesBlocks;
    }

    @Override
    public boolean servesWitness() {
        return servesWitness;
    }

    @Override
    public boolean prefersHeaderAnnouncements() {
        return prefersHeaders;
    }

    @Override
    public long queuedSendBytes() {
        return queuedSendBytes;
    }

    // ---- what happened -----------------------------------------------------------------------------

    /** Every message sent while connected, in order. */
    public List<Message> sent() {
        return List.copyOf(sent);
    }

    /** The messages of one type sent while connected, in order. */
    public <T extends Message> List<T> sent(Class<T> type) {
        List<T> out = new ArrayList<>();
        for (Message m : sent) {
            if (type.isInstance(m)) {
                out.add(type.cast(m));
            }
        }
        return out;
    }

    /** The last message of a type sent. */
    public <T extends Message> Optional<T> lastSent(Class<T> type) {
        List<T> all = sent(type);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    /** The {@code getdata} messages sent, in order. */
    public List<GetDataMessage> getDataMessages() {
        return sent(GetDataMessage.class);
    }

    /** Every hash asked for by {@code getdata}, flattened in request order (a hash asked twice appears twice). */
    public List<Hash> getDataRequests() {
        List<Hash> out = new ArrayList<>();
        for (GetDataMessage m : getDataMessages()) {
            for (InventoryItem item : m.items()) {
                out.add(item.hash());
            }
        }
        return out;
    }

    /** The hashes of the last {@code getdata}, in order; empty when none was sent. */
    public List<Hash> lastGetData() {
        return lastSent(GetDataMessage.class).map(m -> m.items().stream().map(InventoryItem::hash).toList())
                .orElse(List.of());
    }

    /** Forgets the messages recorded so far. */
    public void clearSent() {
        sent.clear();
    }

    /** Why the peer was disconnected; empty while connected. */
    public Optional<String> disconnectReason() {
        return Optional.ofNullable(disconnectReason);
    }

    public int misbehaviourScore() {
        return misbehaviour;
    }

    /** One line per {@link #misbehave} call: {@code "<points>: <reason>"}. */
    public List<String> misbehaviourReasons() {
        return List.copyOf(misbehaviourReasons);
    }

    @Override
    public String toString() {
        return label;
    }
}
