package dev.tributary.net;

import dev.tributary.wire.Message;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** A connection that records what is sent and why it closed, for unit tests of the peer manager's parts. */
final class RecordingConnection implements Connection {
    private static final AtomicLong IDS = new AtomicLong(1);

    private final long id = IDS.getAndIncrement();
    private final InetSocketAddress remote;
    private final boolean inbound;
    final List<Message> sent = new ArrayList<>();
    String closedBecause;

    RecordingConnection(String ip, boolean inbound) {
        try {
            this.remote = new InetSocketAddress(InetAddress.getByName(ip), 8333);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
        this.inbound = inbound;
    }

    /** A peer on this connection, connected at {@code atMillis}, not yet handshaked. */
    Peer peer(long atMillis) {
        return new Peer(this, null, atMillis, 42);
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return remote;
    }

    @Override
    public boolean inbound() {
        return inbound;
    }

    @Override
    public void send(Message message) {
        sent.add(message);
    }

    @Override
    public void close(String reason) {
        if (closedBecause == null) {
            closedBecause = reason;
        }
    }

    @Override
    public boolean isOpen() {
        return closedBecause == null;
    }

    @Override
    public long queuedBytes() {
        return 0;
    }

    @Override
    public void releaseInbound(int cost) {
    }
}
