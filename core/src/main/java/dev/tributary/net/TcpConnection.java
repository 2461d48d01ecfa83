package dev.tributary.net;

import dev.tributary.wire.DecodeResult;
import dev.tributary.wire.FrameDecoder;
import dev.tributary.wire.FrameReader;
import dev.tributary.wire.Message;
import dev.tributary.wire.WireError;
import dev.tributary.wire.WireFormat;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Connection} over a TCP socket, with two threads of its own:
 *
 * <ul>
 *   <li>the reader recognizes the connection's {@link WireFormat} from its first bytes (inbound), decodes frames
 *       and messages (parsing and hashing blocks happens here, in parallel across peers) and hands each message
 *       to the handler. It draws on the node's {@link InboundBudget} before it reads (for what the unfinished
 *       frame's buffer may grow by) and before it decodes a frame (for what the message will cost until the
 *       engine processed it), and waits while the budget is short, which pushes back on the sender through TCP.
 *       Until the peer's handshake completed ({@link #established}), a {@link HandshakeGate} lets it read only a
 *       few small frames;</li>
 *   <li>the writer drains the send queue through the node's {@link RateLimiter}, if any, and makes each frame's
 *       header (with its checksum, a SHA-256d of the payload) as it goes, so that the engine never hashes what it
 *       sends. Queued bytes count against the node's {@link OutboundBudget}, whose hard limits close this
 *       connection or the one reading slowest, and whose flow control {@link #sendPaused} reports.</li>
 * </ul>
 *
 * The budgets are given at {@link #start}; the reader reserves, settles and acquires; {@link #releaseInbound}
 * releases; {@link #send} charges the outbound budget and the writer releases it; {@link #close} closes both
 * accounts and the gate.
 */
public final class TcpConnection implements Connection {
    private static final Logger log = LoggerFactory.getLogger(TcpConnection.class);
    private static final AtomicLong IDS = new AtomicLong();
    /** A message whose payload is serialized and whose frame header is still to be made, by the writer. */
    private record Outgoing(String command, byte[] payload) {
    }

    private static final Outgoing CLOSE_MARKER = new Outgoing("", new byte[0]);

    private static final int READ_CHUNK = 64 * 1024;
    private static final int WRITE_SLICE = 16 * 1024;

    private final long id = IDS.incrementAndGet();
    private final Socket socket;
    private final boolean inbound;
    private final InetSocketAddress remote;
    private final List<WireFormat> candidates;
    private volatile WireFormat format;
    private final ConnectionHandler handler;
    private final RateLimiter uploadLimit;
    private final long writableThreshold;
    private final LinkedBlockingQueue<Outgoing> sendQueue = new LinkedBlockingQueue<>();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicLong bytesReceived = new AtomicLong();
    private final AtomicLong bytesSent = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile String closeReason = "closed";
    private volatile boolean writerExited;
    // this connection's shares of the node's budgets, and what it reads before the handshake
    private final InboundBudget.Account inboundAccount;
    private final OutboundBudget.Queue outboundQueue;
    private volatile HandshakeGate gate;
    private volatile TrafficObserver traffic = TrafficObserver.NONE;

    /**
     * Wraps a connected socket and starts its threads.
     *
     * @param formats           what the connection speaks: one format for an outbound connection; for an inbound
     *                          one, those the listener accepts, recognized from the first bytes
     * @param uploadLimit       the node's shared upload limit, or null for none
     * @param writableThreshold the send-queue size below which {@link ConnectionHandler#onWritable} fires
     * @param budgets           the node's memory budgets, shared by all its connections
     */
    public static TcpConnection start(Socket socket, boolean inbound, List<WireFormat> formats,
            ConnectionHandler handler, RateLimiter uploadLimit, long writableThreshold, PeerBudgets budgets) {
        return start(socket, inbound, formats, handler, uploadLimit, writableThreshold, budgets, TrafficObserver.NONE);
    }

    /** As {@link #start(Socket, boolean, List, ConnectionHandler, RateLimiter, long, PeerBudgets)}, telling
     * {@code traffic} of every frame read or written. */
    public static TcpConnection start(Socket socket, boolean inbound, List<WireFormat> formats,
            ConnectionHandler handler, RateLimiter uploadLimit, long writableThreshold, PeerBudgets budgets,
            TrafficObserver traffic) {
        TcpConnection c = new TcpConnection(socket, inbound, formats, handler, uploadLimit, writableThreshold,
                budgets);
        c.traffic = traffic;
        handler.onOpened(c);
        Thread reader = new Thread(c::readLoop, "peer-" + c.id + "-read");
        Thread writer = new Thread(c::writeLoop, "peer-" + c.id + "-write");
        reader.setDaemon(true);
        writer.setDaemon(true);
        reader.start();
        writer.start();
        return c;
    }

    private TcpConnection(Socket socket, boolean inbound, List<WireFormat> formats, ConnectionHandler handler,
            RateLimiter uploadLimit, long writableThreshold, PeerBudgets budgets) {
        if (formats.isEmpty() || (!inbound && formats.size() != 1)) {
            throw new IllegalArgumentException("an outbound connection speaks one format, an inbound one any of some");
        }
        this.socket = socket;
        this.inbound = inbound;
        this.remote = (InetSocketAddress) socket.getRemoteSocketAddress();
        this.candidates = List.copyOf(formats);
        this.format = formats.size() == 1 ? formats.get(0) : null;
        this.handler = handler;
        this.uploadLimit = uploadLimit;
        this.writableThreshold = writableThreshold;
        String label = HostPort.of(remote);
        this.inboundAccount = budgets.inbound().open(label, this::dropForResources);
        this.outboundQueue = budgets.outbound().register(label, queuedBytes::get, this::dropForResources);
    }

    /** Closes the connection for a budget's reason, in one line. */
    private void dropForResources(String reason) {
        if (!closed.get()) {
            log.warn("Dropped peer {}: {}", HostPort.of(remote), reason);
        }
        close(reason);
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
    public WireFormat wireFormat() {
        return format;
    }

    @Override
    public boolean isOpen() {
        return !closed.get();
    }

    @Override
    public long queuedBytes() {
        return queuedBytes.get();
    }

    @Override
    public long bytesReceived() {
        return bytesReceived.get();
    }

    @Override
    public long bytesSent() {
        return bytesSent.get();
    }

    @Override
    public void send(Message message) {
        WireFormat f = format;
        if (closed.get() || f == null) {
            return;
        }
        Outgoing out = new Outgoing(message.command(), message.payload());
        long bytes = cost(f, out);
        long queued = queuedBytes.addAndGet(bytes);
        sendQueue.add(out);
        outboundQueue.charge(bytes, queued); // may close this connection or the slowest reader
        if (writerExited) {
            outboundQueue.release(queuedBytes.getAndSet(0));
        }
    }

    @Override
    public boolean sendPaused() {
        return !closed.get() && outboundQueue.paused(); // flow control of every kind of answer
    }

    @Override
    public void established() {
        establishedFlag = true; // before reading the gate: gateFor sets the gate before reading the flag
        HandshakeGate g = gate;
        if (g != null) {
            g.establish();
        }
    }

    private volatile boolean establishedFlag;

    /** The gate of a reader of {@code f}: open from the start once the handshake is already done. */
    private HandshakeGate gateFor(WireFormat f) {
        HandshakeGate g = new HandshakeGate(f.codec()::maxPayload);
        gate = g;
        if (establishedFlag || closed.get()) {
            g.establish();
        }
        return g;
    }

    @Override
    public void releaseInbound(int cost) {
        inboundAccount.releaseMessage(cost);
    }

    @Override
    public void close(String reason) {
        if (closed.compareAndSet(false, true)) {
            closeReason = reason;
            sendQueue.add(CLOSE_MARKER);
            inboundAccount.close();
            HandshakeGate g = gate;
            if (g != null) {
                g.establish(); // a reader waiting at the gate ends
            }
            try {
                socket.close();
            } catch (IOException e) {
                log.debug("closing {}: {}", remote, e.toString());
            }
            handler.onClosed(this, reason);
        }
    }

    private static long cost(WireFormat f, Outgoing out) {
        return f.frames().headerSize() + (long) out.payload().length;
    }

    private void readLoop() {
        FrameDecoder.Sink sink = new FrameDecoder.Sink() {
            @Override
            public void onFrame(String command, byte[] payload) {
                deliver(command, payload);
            }

            @Override
            public void onError(WireError error) {
                WireFormat f = format;
                if (f != null && error.command() != null && !error.command().isEmpty()) {
                    traffic.received(f, error.command(), f.frames().headerSize()); // a frame refused or skipped
                }
                handler.onWireError(TcpConnection.this, error);
            }
        };
        byte[] buffer = new byte[READ_CHUNK];
        try (InputStream in = socket.getInputStream()) {
            FrameReader reader = format != null ? format.frames().newReader(gateFor(format))
                    : recognize(in, buffer, sink);
            if (reader == null) {
                return;
            }
            while (!closed.get()) {
                // room for what this read may add to the unfinished frame, before reading it
                if (!inboundAccount.reserve(reader.maxGrowth(READ_CHUNK))) {
                    return;
                }
                int n = in.read(buffer);
                if (n < 0) {
                    close("peer closed the connection");
                    return;
                }
                bytesReceived.addAndGet(n);
                reader.feed(buffer, 0, n, sink);
                inboundAccount.settlePartial(reader.bufferCapacity());
                if (reader.failed()) {
                    close("unreadable stream");
                    return;
                }
            }
        } catch (IOException e) {
            close(closed.get() ? closeReason : "read failed: " + e.getMessage());
        } catch (InterruptedException e) {
            close("interrupted");
        } catch (RuntimeException | Error e) {
            // Nothing a peer sends may end this thread unnoticed: the connection closes, in one line.
            log.error("Reading from {} failed: {}; disconnecting it", HostPort.of(remote), TcpTransport.describe(e));
            close("reading failed: " + TcpTransport.describe(e));
        }
    }

    /**
     * Reads the first bytes of an inbound stream until they name one of the candidate formats, and returns a
     * reader of that format already fed with them; null (the connection closed, a wire error reported) when the
     * stream ends first or names none.
     */
    private FrameReader recognize(InputStream in, byte[] buffer, FrameDecoder.Sink sink) throws IOException {
        int need = candidates.stream().mapToInt(f -> f.frames().preamble().length).max().orElse(0);
        int have = 0;
        while (have < need) {
            int n = in.read(buffer, have, need - have);
            if (n < 0) {
                close("peer closed the connection");
                return null;
            }
            have += n;
        }
        bytesReceived.addAndGet(have);
        byte[] prefix = java.util.Arrays.copyOf(buffer, have);
        for (WireFormat f : candidates) {
            if (f.recognizes(prefix)) {
                format = f;
                FrameReader reader = f.frames().newReader(gateFor(f));
                reader.feed(buffer, 0, have, sink);
                return reader;
            }
        }
        WireError error = new WireError(WireError.Kind.BAD_MAGIC, "", "magic " + HexFormat.of().formatHex(prefix)
                + dev.tributary.wire.KnownMagics.owner(prefix) + " is not this node's (it speaks " + candidates.stream().map(WireFormat::name).toList() + ")");
        handler.onWireError(this, error);
        close(error.toString());
        return null;
    }

    private void deliver(String command, byte[] payload) {
        traffic.received(format, command, payload.length + (long) format.frames().headerSize());
        int cost = (int) InboundBudget.messageCost(payload.length + (long) format.frames().headerSize());
        try {
            // what the decoded message costs until processed, before decoding it
            if (!inboundAccount.acquireMessage(cost)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        DecodeResult result = format.codec().decode(command, payload);
        if (result instanceof DecodeResult.Decoded decoded) {
            handler.onMessage(this, decoded.message(), cost);
        } else if (result instanceof DecodeResult.Failed failed) {
            inboundAccount.releaseMessage(cost);
            handler.onWireError(this, failed.error());
        }
    }

    private void writeLoop() {
        try (OutputStream out = socket.getOutputStream()) {
            while (true) {
                Outgoing next = sendQueue.take();
                if (next == CLOSE_MARKER) {
                    return;
                }
                write(out, format.frames().header(next.command(), next.payload()));
                write(out, next.payload());
                if (sendQueue.isEmpty()) {
                    out.flush();
                }
                long cost = cost(format, next);
                traffic.sent(format, next.command(), cost);
                boolean pausedBefore = outboundQueue.paused();
                long before = queuedBytes.getAndAdd(-cost);
                outboundQueue.release(cost);
                boolean belowThreshold = before >= writableThreshold && before - cost < writableThreshold;
                if (belowThreshold || (pausedBefore && !outboundQueue.paused())) {
                    handler.onWritable(this);
                }
            }
        } catch (IOException e) {
            close(closed.get() ? closeReason : "write failed: " + e.getMessage());
        } catch (InterruptedException e) {
            close("interrupted");
        } finally {
            // what was never written leaves the node's outbound budget
            writerExited = true;
            outboundQueue.release(queuedBytes.getAndSet(0));
            outboundQueue.unregister();
            sendQueue.clear();
        }
    }

    private void write(OutputStream out, byte[] bytes) throws IOException, InterruptedException {
        for (int off = 0; off < bytes.length; off += WRITE_SLICE) {
            int len = Math.min(WRITE_SLICE, bytes.length - off);
            if (uploadLimit != null) {
                uploadLimit.acquire(len);
            }
            out.write(bytes, off, len);
            bytesSent.addAndGet(len);
        }
    }

    @Override
    public String toString() {
        return HostPort.of(remote);
    }
}
