package dev.tributary.net;

import dev.tributary.wire.DecodeResult;
import dev.tributary.wire.FrameCodec;
import dev.tributary.wire.FrameDecoder;
import dev.tributary.wire.Message;
import dev.tributary.wire.MessageCodec;
import dev.tributary.wire.WireError;
import dev.tributary.wire.WireLimits;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
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
 *   <li>the reader decodes frames and messages (parsing and hashing blocks happens here, in parallel
 *       across peers) and hands each message to the handler; it blocks while the engine holds more than
 *       {@link #INBOUND_BUDGET} bytes of this peer's unprocessed messages (each counted at least
 *       {@link #MIN_MESSAGE_COST}), which pushes back on the sender through TCP;</li>
 *   <li>the writer drains the send queue through the node's {@link RateLimiter}, if any.</li>
 * </ul>
 *
 * Memory per connection is bounded: the decoder's buffer (at most one frame, 32 MiB, and only as much as
 * actually arrived), the inbound budget, and the send queue, which closes the connection when it exceeds
 * {@link #SEND_QUEUE_HARD_LIMIT} (the peer does not read).
 */
public final class TcpConnection implements Connection {
    private static final Logger log = LoggerFactory.getLogger(TcpConnection.class);
    private static final AtomicLong IDS = new AtomicLong();
    private static final byte[] CLOSE_MARKER = new byte[0];

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
    private final int magic;
    private final MessageCodec codec;
    private final ConnectionHandler handler;
    private final RateLimiter uploadLimit;
    private final long writableThreshold;
    private final Semaphore inboundBudget = new Semaphore(INBOUND_BUDGET);
    private final LinkedBlockingQueue<byte[]> sendQueue = new LinkedBlockingQueue<>();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile String closeReason = "closed";

    /**
     * Wraps a connected socket and starts its threads.
     *
     * @param uploadLimit       the node's shared upload limit, or null for none
     * @param writableThreshold the send-queue size below which {@link ConnectionHandler#onWritable} fires
     */
    public static TcpConnection start(Socket socket, boolean inbound, int magic, MessageCodec codec,
            ConnectionHandler handler, RateLimiter uploadLimit, long writableThreshold) {
        TcpConnection c = new TcpConnection(socket, inbound, magic, codec, handler, uploadLimit, writableThreshold);
        handler.onOpened(c);
        Thread reader = new Thread(c::readLoop, "peer-" + c.id + "-read");
        Thread writer = new Thread(c::writeLoop, "peer-" + c.id + "-write");
        reader.setDaemon(true);
        writer.setDaemon(true);
        reader.start();
        writer.start();
        return c;
    }

    private TcpConnection(Socket socket, boolean inbound, int magic, MessageCodec codec, ConnectionHandler handler,
            RateLimiter uploadLimit, long writableThreshold) {
        this.socket = socket;
        this.inbound = inbound;
        this.remote = (InetSocketAddress) socket.getRemoteSocketAddress();
        this.magic = magic;
        this.codec = codec;
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
    public boolean isOpen() {
        return !closed.get();
    }

    @Override
    public long queuedBytes() {
        return queuedBytes.get();
    }

    @Override
    public void send(Message message) {
        if (closed.get()) {
            return;
        }
        byte[] frame = FrameCodec.encode(magic, message);
        if (queuedBytes.addAndGet(frame.length) > SEND_QUEUE_HARD_LIMIT) {
            close("send queue over " + SEND_QUEUE_HARD_LIMIT / (1024 * 1024) + " MiB: the peer is not reading");
            return;
        }
        sendQueue.add(frame);
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

    private void readLoop() {
        FrameDecoder decoder = new FrameDecoder(magic, WireLimits.MAX_PAYLOAD, codec::maxPayload);
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
            while (!closed.get()) {
                int n = in.read(buffer);
                if (n < 0) {
                    close("peer closed the connection");
                    return;
                }
                decoder.feed(buffer, 0, n, sink);
                if (decoder.failed()) {
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

    private void deliver(String command, byte[] payload) {
        DecodeResult result = codec.decode(command, payload);
        if (result instanceof DecodeResult.Decoded decoded) {
            int cost = Math.min(Math.max(MIN_MESSAGE_COST, payload.length + FrameCodec.HEADER_SIZE), INBOUND_BUDGET);
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
                byte[] frame = sendQueue.take();
                if (frame == CLOSE_MARKER) {
                    return;
                }
                for (int off = 0; off < frame.length; off += WRITE_SLICE) {
                    int len = Math.min(WRITE_SLICE, frame.length - off);
                    if (uploadLimit != null) {
                        uploadLimit.acquire(len);
                    }
                    out.write(frame, off, len);
                }
                if (sendQueue.isEmpty()) {
                    out.flush();
                }
                long before = queuedBytes.getAndAdd(-frame.length);
                if (before >= writableThreshold && before - frame.length < writableThreshold) {
                    handler.onWritable(this);
                }
            }
        } catch (IOException e) {
            close(closed.get() ? closeReason : "write failed: " + e.getMessage());
        } catch (InterruptedException e) {
            close("interrupted");
        }
    }

    @Override
    public String toString() {
        return HostPort.of(remote);
    }
}
