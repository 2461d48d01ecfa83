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
import java.util.concurrent.Semaphore;
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
 *       to the handler; it blocks while the engine holds more than
 *       {@link #INBOUND_BUDGET} bytes of this peer's unprocessed messages (each counted at least
 *       {@link #MIN_MESSAGE_COST}), which pushes back on the sender through TCP;</li>
 *   <li>the writer drains the send queue through the node's {@link RateLimiter}, if any, and makes each frame's
 *       header (with its checksum, a SHA-256d of the payload) as it goes, so that the engine never hashes what it
 *       sends.</li>
 * </ul>
 *
 * Memory per connection is bounded: the decoder's buffer (at most one frame, 32 MiB, and only as much as
 * actually arrived), the inbound budget, and the send queue, which closes the connection when it exceeds
 * {@link #SEND_QUEUE_HARD_LIMIT} (the peer does not read).
 */
public final class TcpConnection implements Connection {
    private static final Logger log = LoggerFactory.getLogger(TcpConnection.class);
    private static final AtomicLong IDS = new AtomicLong();
    /** A message whose payload is serialized and whose frame header is still to be made, by the writer. */
    private record Outgoing(String command, byte[] payload) {
    }

    private static final Outgoing CLOSE_MARKER = new Outgoing("", new byte[0]);

    /** Unprocessed inbound bytes per peer before its reader pauses. */
    public static final int INBOUND_BUDGET = 48 * 1024 * 1024;
    /**
     * The least a message costs against the budget. A queued message costs the engine far more than its wire
     * size when it is tiny (a 32-byte ping is a task, a decoded object and an answer), so counting bytes alone
     * would let one peer queue 1.5 million pings ahead of everyone else's messages. At 4 KiB a peer holds at
     * most 12,288 unprocessed messages; large messages (blocks, headers) cost their size as before.
     */
    public static final int MIN_MESSAGE_COST = 4 * 1024;
    /** Queued outbound bytes that close the connection. */
    public static final long SEND_QUEUE_HARD_LIMIT = 96L * 1024 * 1024;
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
    private final Semaphore inboundBudget = new Semaphore(INBOUND_BUDGET);
    private final LinkedBlockingQueue<Outgoing> sendQueue = new LinkedBlockingQueue<>();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile String closeReason = "closed";

    /**
     * Wraps a connected socket and starts its threads.
     *
     * @param formats           what the connection speaks: one format for an outbound connection; for an inbound
     *                          one, those the listener accepts, recognized from the first bytes
     * @param uploadLimit       the node's shared upload limit, or null for none
     * @param writableThreshold the send-queue size below which {@link ConnectionHandler#onWritable} fires
     */
    public static TcpConnection start(Socket socket, boolean inbound, List<WireFormat> formats,
            ConnectionHandler handler, RateLimiter uploadLimit, long writableThreshold) {
        TcpConnection c = new TcpConnection(socket, inbound, formats, handler, uploadLimit, writableThreshold);
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
            RateLimiter uploadLimit, long writableThreshold) {
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
    public void send(Message message) {
        WireFormat f = format;
        if (closed.get() || f == null) {
            return;
        }
        Outgoing out = new Outgoing(message.command(), message.payload());
        if (queuedBytes.addAndGet(cost(f, out)) > SEND_QUEUE_HARD_LIMIT) {
            close("send queue over " + SEND_QUEUE_HARD_LIMIT / (1024 * 1024) + " MiB: the peer is not reading");
            return;
        }
        sendQueue.add(out);
    }

    @Override
    public void releaseInbound(int cost) {
        inboundBudget.release(Math.min(cost, INBOUND_BUDGET));
    }

    @Override
    public void close(String reason) {
        if (closed.compareAndSet(false, true)) {
            closeReason = reason;
            sendQueue.add(CLOSE_MARKER);
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
                handler.onWireError(TcpConnection.this, error);
            }
        };
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = socket.getInputStream()) {
            FrameReader reader = format != null ? format.newReader() : recognize(in, buffer, sink);
            if (reader == null) {
                return;
            }
            while (!closed.get()) {
                int n = in.read(buffer);
                if (n < 0) {
                    close("peer closed the connection");
                    return;
                }
                reader.feed(buffer, 0, n, sink);
                if (reader.failed()) {
                    close("unreadable stream");
                    return;
                }
            }
        } catch (IOException e) {
            close(closed.get() ? closeReason : "read failed: " + e.getMessage());
        } catch (RuntimeException e) {
            log.error("reader of {} failed", remote, e);
            close("reader failed: " + e);
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
        byte[] prefix = java.util.Arrays.copyOf(buffer, have);
        for (WireFormat f : candidates) {
            if (f.recognizes(prefix)) {
                format = f;
                FrameReader reader = f.newReader();
                reader.feed(buffer, 0, have, sink);
                return reader;
            }
        }
        WireError error = new WireError(WireError.Kind.BAD_MAGIC, "", "magic " + HexFormat.of().formatHex(prefix)
                + " is not this node's (it speaks " + candidates.stream().map(WireFormat::name).toList() + ")");
        handler.onWireError(this, error);
        close(error.toString());
        return null;
    }

    private void deliver(String command, byte[] payload) {
        DecodeResult result = format.codec().decode(command, payload);
        if (result instanceof DecodeResult.Decoded decoded) {
            int cost = Math.min(Math.max(MIN_MESSAGE_COST, payload.length + format.frames().headerSize()),
                    INBOUND_BUDGET);
            try {
                inboundBudget.acquire(cost);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            handler.onMessage(this, decoded.message(), cost);
        } else if (result instanceof DecodeResult.Failed failed) {
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
                long before = queuedBytes.getAndAdd(-cost);
                if (before >= writableThreshold && before - cost < writableThreshold) {
                    handler.onWritable(this);
                }
            }
        } catch (IOException e) {
            close(closed.get() ? closeReason : "write failed: " + e.getMessage());
        } catch (InterruptedException e) {
            close("interrupted");
        }
    }

    private void write(OutputStream out, byte[] bytes) throws IOException, InterruptedException {
        for (int off = 0; off < bytes.length; off += WRITE_SLICE) {
            int len = Math.min(WRITE_SLICE, bytes.length - off);
            if (uploadLimit != null) {
                uploadLimit.acquire(len);
            }
            out.write(bytes, off, len);
        }
    }

    @Override
    public String toString() {
        return HostPort.of(remote);
    }
}
