package dev.tributary.testing;

import dev.tributary.net.bitcoin.BitcoinMessages;
import dev.tributary.bytes.Hash;
import dev.tributary.chain.BlockIndex;
import dev.tributary.chain.NetworkParameters;
import dev.tributary.chain.Block;
import dev.tributary.chain.BlockHeader;
import dev.tributary.wire.DecodeResult;
import dev.tributary.net.bitcoin.EmptyMessages;
import dev.tributary.wire.FrameCodec;
import dev.tributary.wire.FrameDecoder;
import dev.tributary.chain.message.GetDataMessage;
import dev.tributary.chain.message.GetHeadersMessage;
import dev.tributary.chain.message.HeadersMessage;
import dev.tributary.chain.message.InventoryItem;
import dev.tributary.wire.Message;
import dev.tributary.wire.MessageCodec;
import dev.tributary.net.bitcoin.NetworkAddress;
import dev.tributary.chain.message.NotFoundMessage;
import dev.tributary.net.bitcoin.PingMessage;
import dev.tributary.net.bitcoin.PongMessage;
import dev.tributary.wire.SerializedMessage;
import dev.tributary.net.bitcoin.VersionMessage;
import dev.tributary.wire.WireError;
import dev.tributary.wire.WireLimits;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

/**
 * A fake Bitcoin peer on a real loopback socket, scripted by a test (after OkHttp's {@code MockHttp2Peer}).
 * It speaks real frames ({@link FrameCodec}, {@link FrameDecoder}, {@link MessageCodec}), so a node under
 * test cannot tell it from a Bitcoin node, and it can say things no honest node would.
 *
 * <p>Life cycle: configure it, then either {@link #listen()} (the node connects to it, with
 * {@code --connect} its {@link #address()}) or {@link #connect(InetSocketAddress)} to a node's listening
 * port. A listening peer accepts exactly one connection and then stops listening, so a node that redials
 * it is refused. {@link #close()} tears everything down (try-with-resources).
 *
 * <p>Default behaviour, each replaceable with {@link #on(Class, BiConsumer)}:
 * <ul>
 *   <li>{@code version}: answered with this peer's own {@code version} (if not sent yet) and {@code verack};
 *       a connecting peer sends its {@code version} first. Services NODE_NETWORK | NODE_WITNESS, and the
 *       start height set with {@link #startHeight(int)} (by default the tip of the served chain);</li>
 *   <li>{@code ping}: answered with {@code pong};</li>
 *   <li>{@code getheaders}: answered from the served {@link BlockIndex} ({@link BlockIndex#headersAfter}), or
 *       with an empty {@code headers} when none is served;</li>
 *   <li>{@code getdata}: blocks from the served map, on a responder thread of their own (so reading and
 *       recording go on while a slow answer is delayed), one {@code notfound} for the rest; with the knobs
 *       {@link #stallAfterBlocks}, {@link #disconnectAfterBlocks}, {@link #answerNotFound} and
 *       {@link #blockDelay}.</li>
 * </ul>
 *
 * <p>Everything received is recorded, typed: decoded messages, and the {@link WireError}s of what did not
 * decode. Tests wait for what they expect with timeouts ({@link #awaitMessage}, {@link #awaitHandshake},
 * {@link #awaitClosed}); nothing here asks a test to sleep. A message becomes visible to those waits after
 * this peer's reaction to it was sent, so a test that saw a {@code getheaders} knows it was answered; a
 * {@code getdata}, served on a thread of its own, is visible as soon as it arrives. Raw output ({@link #sendRaw}, {@link RawFrames})
 * sends what no codec would produce: bad checksums, oversized length fields, cut payloads.
 *
 * <p>Thread-safe: configuration fields are volatile, sends are serialized on one lock, and the
 * {@link PeerRecord} is guarded by its own monitor, which also wakes waiters.
 */
public final class ScriptedPeer implements AutoCloseable {
    /** What a test waits for when it names no timeout. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    /** Recorded messages kept; beyond this only counts go on (a flood must not fill the test's heap). */
    public static final int MAX_RECORDED = 100_000;

    private final NetworkParameters params;
    private final int magic;
    private final MessageCodec codec = BitcoinMessages.codec();
    private final long nonce = new Random().nextLong();
    private final Map<Class<?>, BiConsumer<ScriptedPeer, Message>> handlers = new ConcurrentHashMap<>();

    private volatile int protocolVersion = 70015;
    private volatile long services = VersionMessage.NODE_NETWORK | VersionMessage.NODE_WITNESS;
    private volatile Integer startHeight;
    private volatile String userAgent = "/ScriptedPeer:1.0/";
    private volatile BlockIndex index;
    private final Map<Hash, Block> blocks = new ConcurrentHashMap<>();
    private volatile int stallAfterBlocks = -1;
    private volatile int disconnectAfterBlocks = -1;
    private volatile boolean answerNotFound;
    private volatile long blockDelayMillis;

    private volatile ServerSocket server;
    private volatile InetSocketAddress boundAddress;
    private Socket socket;
    private OutputStream out;
    private final Object writeLock = new Object();
    private final ExecutorService responder = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "scripted-peer-responder");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean versionSent;
    private volatile boolean disconnecting;

    private final PeerRecord record = new PeerRecord();

    public ScriptedPeer(NetworkParameters params) {
        this.params = params;
        this.magic = params.magic();
        installDefaults();
    }

    // ---------------------------------------------------------------- configuration

    /** Serves {@code blocks} (by hash) and answers {@code getheaders} from {@code index}. */
    public ScriptedPeer serving(BlockIndex index, Collection<Block> blocks) {
        this.index = index;
        blocks.forEach(b -> this.blocks.put(b.hash(), b));
        return this;
    }

    /** Serves the best chain of {@code builder}: its index and every block it built. */
    public ScriptedPeer serving(ChainBuilder builder) {
        return serving(builder.index(), builder.mainChainBlocks());
    }

    /** The start height announced in {@code version}; by default the served tip's, else 0. */
    public ScriptedPeer startHeight(int height) {
        this.startHeight = height;
        return this;
    }

    public ScriptedPeer protocolVersion(int version) {
        this.protocolVersion = version;
        return this;
    }

    public ScriptedPeer services(long serviceBits) {
        this.services = serviceBits;
        return this;
    }

    /** The BIP 14 user agent sent in {@code version}. */
    public ScriptedPeer userAgent(String agent) {
        this.userAgent = agent;
        return this;
    }

    /** Serves {@code n} blocks in total, then accepts every further block request and never answers it. */
    public ScriptedPeer stallAfterBlocks(int n) {
        this.stallAfterBlocks = n;
        return this;
    }

    /** After sending {@code n} blocks in total, closes the connection (cleanly, after the last block). */
    public ScriptedPeer disconnectAfterBlocks(int n) {
        this.disconnectAfterBlocks = n;
        return this;
    }

    /** Answers every {@code getdata} with {@code notfound}. */
    public ScriptedPeer answerNotFound(boolean value) {
        this.answerNotFound = value;
        return this;
    }

    /** Waits this long before sending each block (on the responder thread; reading goes on). */
    public ScriptedPeer blockDelay(Duration delay) {
        this.blockDelayMillis = delay.toMillis();
        return this;
    }

    /**
     * Replaces the default reaction to messages of exactly {@code type} (see the class comment). The handler
     * runs on the reader thread before the message is recorded; it may {@link #send} or {@link #sendRaw}.
     */
    @SuppressWarnings("unchecked")
    public <T extends Message> ScriptedPeer on(Class<T> type, BiConsumer<ScriptedPeer, T> handler) {
        handlers.put(type, (p, m) -> handler.accept(p, (T) m));
        return this;
    }

    /** Records messages of {@code type} and does nothing else (no pong, no headers, no handshake...). */
    public <T extends Message> ScriptedPeer ignore(Class<T> type) {
        return on(type, (p, m) -> { });
    }

    private void installDefaults() {
        on(VersionMessage.class, (p, v) -> {
            if (!versionSent) {
                sendVersion();
            }
            send(EmptyMessages.Verack.INSTANCE);
        });
        on(PingMessage.class, (p, ping) -> send(new PongMessage(ping.nonce())));
        on(GetHeadersMessage.class, (p, m) -> send(new HeadersMessage(headersAfter(m))));
        on(GetDataMessage.class, (p, m) -> responder.execute(() -> serve(m)));
    }

    /** What the served chain answers to {@code m}: at most 2,000 headers after the locator's fork point. */
    public List<BlockHeader> headersAfter(GetHeadersMessage m) {
        BlockIndex i = index;
        return i == null ? List.of() : i.headersAfter(m.locator(), m.stopHash(), WireLimits.MAX_HEADERS);
    }

    // ---------------------------------------------------------------- connecting

    /** Listens on 127.0.0.1 (ephemeral port) for one connection; returns the address to give the node. */
    public InetSocketAddress listen() {
        try {
            server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
            boundAddress = (InetSocketAddress) server.getLocalSocketAddress();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread acceptor = new Thread(() -> {
            Socket accepted;
            try (ServerSocket s = server) {
                accepted = s.accept();
            } catch (IOException e) {
                record.ended("not accepted: " + e.getMessage());
                return;
            }
            // Listening stopped before the connection is used: a node that redials is refused.
            started(accepted, false);
        }, "scripted-peer-accept");
        acceptor.setDaemon(true);
        acceptor.start();
        return address();
    }

    /** Connects to a node's listening port and sends this peer's {@code version} first, as a dialling node does. */
    public ScriptedPeer connect(InetSocketAddress node) {
        started(open(node), true);
        return this;
    }

    /** Connects without saying anything: a peer that never handshakes, or that speaks only when scripted to. */
    public ScriptedPeer connectSilently(InetSocketAddress node) {
        started(open(node), false);
        return this;
    }

    private static Socket open(InetSocketAddress node) {
        Socket s = new Socket();
        try {
            s.connect(node, 5_000);
            return s;
        } catch (IOException e) {
            closeQuietly(s);
            throw new UncheckedIOException("cannot connect to " + node, e);
        }
    }

    private void started(Socket s, boolean speakFirst) {
        try {
            s.setTcpNoDelay(true);
            if (server == null) {
                boundAddress = (InetSocketAddress) s.getLocalSocketAddress();
            }
            synchronized (writeLock) {
                socket = s;
                out = s.getOutputStream();
            }
        } catch (IOException e) {
            closeQuietly(s);
            throw new UncheckedIOException(e);
        }
        record.connected();
        Thread reader = new Thread(this::readLoop, "scripted-peer-read-" + s.getLocalPort());
        reader.setDaemon(true);
        reader.start();
        if (speakFirst) {
            sendVersion();
        }
    }

    /** The address the node knows this peer by: the listening address, or the local end of the connection. */
    public InetSocketAddress address() {
        InetSocketAddress a = boundAddress;
        if (a == null) {
            throw new IllegalStateException("neither listening nor connected");
        }
        return a;
    }

    /** {@code 127.0.0.1:port}: how the node's log lines name this peer. */
    public String label() {
        InetSocketAddress a = address();
        return a.getAddress().getHostAddress() + ":" + a.getPort();
    }

    // ---------------------------------------------------------------- sending

    /** Sends this peer's {@code version}. */
    public void sendVersion() {
        int height = startHeight != null ? startHeight : index != null ? index.tip().height() : 0;
        InetSocketAddress remote = remoteAddress();
        VersionMessage v = new VersionMessage(protocolVersion, services, System.currentTimeMillis() / 1000,
                NetworkAddress.of(0, remote), new NetworkAddress(services, InetAddress.getLoopbackAddress(), 0), nonce,
                userAgent, height, true);
        versionSent = true;
        send(v);
    }

    /** Sends a well-formed frame holding {@code message}. */
    public void send(Message message) {
        sendRaw(FrameCodec.encode(magic, message));
    }

    /** Sends a frame with a valid checksum around any payload (which may not decode). */
    public void sendFrame(String command, byte[] payload) {
        sendRaw(RawFrames.frame(magic, command, payload));
    }

    /**
     * Writes {@code bytes} as they are. Waits for the connection when it is not up yet; throws
     * {@link UncheckedIOException} when the connection is closed.
     */
    public void sendRaw(byte[] bytes) {
        awaitConnected(DEFAULT_TIMEOUT);
        synchronized (writeLock) {
            try {
                out.write(bytes);
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException("sending to the node failed: " + e.getMessage(), e);
            }
        }
    }

    /**
     * Writes {@code chunk} over and over, as fast as the node reads, until {@code totalBytes} went out or the
     * connection broke; returns the bytes written. For floods: the chunk should hold whole frames.
     */
    public long flood(byte[] chunk, long totalBytes) {
        awaitConnected(DEFAULT_TIMEOUT);
        long written = 0;
        try {
            while (written < totalBytes) {
                synchronized (writeLock) {
                    out.write(chunk);
                }
                written += chunk.length;
            }
            synchronized (writeLock) {
                out.flush();
            }
        } catch (IOException e) {
            return written;
        }
        return written;
    }

    /**
     * Closes the connection the way a node that goes away does: our side's output ends after everything
     * queued (the node reads every frame sent before), then the socket closes once the node closed too (or
     * after a second), so no unread bytes turn the close into a reset.
     */
    public void disconnect() {
        disconnecting = true;
        synchronized (writeLock) {
            try {
                if (socket != null && !socket.isClosed()) {
                    out.flush();
                    socket.shutdownOutput();
                }
            } catch (IOException e) {
                // already gone
            }
        }
        Thread closer = new Thread(() -> {
            if (!record.awaitClosed(Duration.ofSeconds(1))) {
                closeSocket();
            }
        }, "scripted-peer-disconnect");
        closer.setDaemon(true);
        closer.start();
    }

    // ---------------------------------------------------------------- serving blocks

    private void serve(GetDataMessage m) {
        List<InventoryItem> notFound = new ArrayList<>();
        for (InventoryItem item : m.items()) {
            if (disconnecting) {
                return;
            }
            Block block = item.isBlock() && !answerNotFound ? blocks.get(item.hash()) : null;
            if (block == null) {
                notFound.add(item);
                continue;
            }
            if (record.withholdIfOver(stallAfterBlocks, item.hash())) {
                continue;
            }
            if (blockDelayMillis > 0) {
                try {
                    Thread.sleep(blockDelayMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            // Recorded before it goes out: whoever receives it may look at the record at once.
            int sent = record.blockSent(item.hash());
            try {
                send(new SerializedMessage("block", block.serialize(item.wantsWitness())));
            } catch (UncheckedIOException e) {
                return;
            }
            if (disconnectAfterBlocks >= 0 && sent >= disconnectAfterBlocks) {
                disconnect();
                return;
            }
        }
        if (!notFound.isEmpty()) {
            try {
                send(new NotFoundMessage(notFound));
            } catch (UncheckedIOException e) {
                // the node went away
            }
        }
    }

    // ---------------------------------------------------------------- reading and recording

    private void readLoop() {
        FrameDecoder decoder = new FrameDecoder(magic);
        FrameDecoder.Sink sink = new FrameDecoder.Sink() {
            @Override
            public void onFrame(String command, byte[] payload) {
                DecodeResult r = codec.decode(command, payload);
                if (r instanceof DecodeResult.Decoded d) {
                    onMessage(d.message());
                } else if (r instanceof DecodeResult.Failed f) {
                    onError(f.error());
                }
            }

            @Override
            public void onError(WireError error) {
                record.wireError(error);
            }
        };
        byte[] buffer = new byte[64 * 1024];
        String reason;
        try (InputStream in = socket.getInputStream()) {
            while (true) {
                int n = in.read(buffer);
                if (n < 0) {
                    reason = "the node closed the connection";
                    break;
                }
                decoder.feed(buffer, 0, n, sink);
                if (decoder.failed()) {
                    reason = "the node sent an unreadable stream";
                    break;
                }
            }
        } catch (IOException e) {
            reason = "read failed: " + e.getMessage();
        }
        closeSocket();
        record.ended(reason);
    }

    /**
     * Reacts to a message, then records it: when a test sees a message (in {@link #awaitMessage} or
     * {@link #awaitHandshake}), this peer's answer to it has already been sent.
     */
    private void onMessage(Message m) {
        // getdata is answered on the responder thread, so its blocks may reach the node (and a test) before
        // this thread returns: record it first, or a test could see the blocks but not the request.
        boolean answeredLater = m instanceof GetDataMessage;
        if (answeredLater) {
            record.message(m);
        }
        BiConsumer<ScriptedPeer, Message> handler = handlers.get(m.getClass());
        if (handler != null && !disconnecting) {
            try {
                handler.accept(this, m);
            } catch (UncheckedIOException e) {
                // the node closed the connection while we answered
            }
        }
        if (!answeredLater) {
            record.message(m);
        }
    }

    private void closeSocket() {
        synchronized (writeLock) {
            closeQuietly(socket);
        }
    }

    private InetSocketAddress remoteAddress() {
        synchronized (writeLock) {
            if (socket != null && socket.getRemoteSocketAddress() instanceof InetSocketAddress a) {
                return a;
            }
        }
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), params.defaultPort());
    }

    // ---------------------------------------------------------------- inspecting and waiting

    /** Every message received so far (up to {@link #MAX_RECORDED}), in order. */
    public List<Message> received() {
        return record.received();
    }

    /** The messages of {@code type} received so far. */
    public <T extends Message> List<T> received(Class<T> type) {
        return record.received(type);
    }

    /** How many messages with this command arrived, recorded or not. */
    public long count(String command) {
        return record.count(command);
    }

    /** What arrived and did not decode. */
    public List<WireError> wireErrors() {
        return record.wireErrors();
    }

    /** Every block hash the node asked for in {@code getdata}, in order, repeats included. */
    public List<Hash> blocksRequested() {
        List<Hash> out = new ArrayList<>();
        for (GetDataMessage m : received(GetDataMessage.class)) {
            m.items().stream().filter(InventoryItem::isBlock).forEach(i -> out.add(i.hash()));
        }
        return out;
    }

    /** The blocks sent, in order. */
    public List<Hash> blocksSent() {
        return record.blocksSent();
    }

    /** Blocks requested while stalling, never answered. */
    public List<Hash> blocksWithheld() {
        return record.blocksWithheld();
    }

    /**
     * Waits until this peer has withheld at least {@code n} requested blocks (it serves on its own thread,
     * so an answer to a later message may arrive first).
     */
    public List<Hash> awaitBlocksWithheld(int n, java.time.Duration timeout) {
        return record.awaitWithheld(n, timeout);
    }

    /** The node's {@code version}, once received. */
    public Optional<VersionMessage> peerVersion() {
        return record.peerVersion();
    }

    public boolean isClosed() {
        return record.isClosed();
    }

    /** Why the connection ended, or null while it is open. */
    public String closeReason() {
        return record.closeReason();
    }

    /**
     * Waits for the next message of {@code type} that no earlier {@code awaitMessage} returned. Fails the test
     * with what did arrive when none comes within {@code timeout}.
     */
    public <T extends Message> T awaitMessage(Class<T> type, Duration timeout) {
        return record.awaitMessage(type, m -> true, timeout);
    }

    /** As {@link #awaitMessage(Class, Duration)}, for the next such message that also matches {@code filter}. */
    public <T extends Message> T awaitMessage(Class<T> type, Predicate<? super T> filter, Duration timeout) {
        return record.awaitMessage(type, filter, timeout);
    }

    /** Waits until version and verack both arrived from the node. */
    public ScriptedPeer awaitHandshake(Duration timeout) {
        record.awaitHandshake(timeout);
        return this;
    }

    /** Waits until the connection is up (a listening peer was connected to). */
    public ScriptedPeer awaitConnected(Duration timeout) {
        record.awaitConnected(timeout);
        return this;
    }

    /** Waits until the connection is closed, by the node or by us, and returns why; fails the test if it stays open. */
    public String awaitClosed(Duration timeout) {
        if (!record.awaitClosed(timeout)) {
            throw new AssertionError("the connection is still open after " + timeout.toMillis() + " ms; received "
                    + record.summary());
        }
        return record.closeReason();
    }

    @Override
    public void close() {
        disconnecting = true;
        if (server != null) {
            try {
                server.close();
            } catch (IOException ignored) {
                // closing
            }
        }
        closeSocket();
        responder.shutdownNow();
        record.ended("closed by the test");
    }

    private static void closeQuietly(Socket s) {
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }

    @Override
    public String toString() {
        return "ScriptedPeer{" + (boundAddress != null ? label() : "unstarted") + "}";
    }
}
