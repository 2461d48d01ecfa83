package dev.tributary.net;

import dev.tributary.wire.Message;
import dev.tributary.wire.WireFormat;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A connection that records what is sent and why it closed, for unit tests of the peer manager's parts.
 * The record's accessors {@code id()}, {@code remoteAddress()} and {@code inbound()} implement {@link Connection}.
 */
public record RecordingConnection(long id, InetSocketAddress remoteAddress, boolean inbound, List<Message> sent,
        List<String> closeReasons) implements Connection {
    private static final AtomicLong IDS = new AtomicLong(1);

    /** A connection to {@code ip}, port 8333. */
    public static RecordingConnection to(String ip, boolean inbound) {
        try {
            return new RecordingConnection(IDS.getAndIncrement(), new InetSocketAddress(InetAddress.getByName(ip), 8333),
                    inbound, new ArrayList<>(), new ArrayList<>());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** A peer on this connection, connected at {@code atMillis}, not yet handshaked. */
    public Peer peer(long atMillis) {
        return new Peer(this, null, atMillis);
    }

    /** A peer on this connection, connected at {@code atMillis}, handshaked. */
    public Peer readyPeer(long atMillis) {
        Peer p = peer(atMillis);
        p.markReady();
        return p;
    }

    /** Why it was first closed, or null while open. */
    public String closedBecause() {
        return closeReasons.isEmpty() ? null : closeReasons.get(0);
    }

    @Override
    public WireFormat wireFormat() {
        return null;
    }

    @Override
    public void send(Message message) {
        sent.add(message);
    }

    @Override
    public void close(String reason) {
        closeReasons.add(reason);
    }

    @Override
    public boolean isOpen() {
        return closeReasons.isEmpty();
    }

    @Override
    public long queuedBytes() {
        return 0;
    }

    @Override
    public void releaseInbound(int cost) {
    }
}
