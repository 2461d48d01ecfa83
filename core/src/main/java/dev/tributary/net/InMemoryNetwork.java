package dev.tributary.net;

import dev.tributary.engine.Scheduler;
import dev.tributary.wire.DecodeResult;
import dev.tributary.wire.FrameCodec;
import dev.tributary.wire.FrameDecoder;
import dev.tributary.wire.Message;
import dev.tributary.wire.MessageCodec;
import dev.tributary.wire.WireError;
import dev.tributary.wire.WireLimits;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A network without sockets, for simulations: nodes get an {@link InMemoryNetwork.Endpoint} transport,
 * listen on made-up addresses and connect to each other. Every message is encoded to a real frame and
 * decoded on the other side (so the codecs run as over TCP) and delivered as a task on the receiver's
 * scheduler after a fixed latency. With one shared {@code ManualScheduler} a whole network runs on one
 * thread, reproducibly.
 *
 * <p>Not thread-safe: meant for single-threaded simulations.
 */
public final class InMemoryNetwork {
    private static final AtomicLong IDS = new AtomicLong(1L << 40);

    private final Map<InetSocketAddress, Listener> listeners = new HashMap<>();
    private final long latencyMillis;
    private int nextHost = 1;

    private record Listener(Transport.ConnectionHandlerFactory handlers, Endpoint endpoint) {
    }

    public InMemoryNetwork(long latencyMillis) {
        this.latencyMillis = latencyMillis;
    }

    /** A transport for one node, whose tasks run on {@code scheduler}. */
    public Endpoint endpoint(Scheduler scheduler, int magic, MessageCodec codec) {
        return new Endpoint(scheduler, magic, codec, host(nextHost++));
    }

    private static InetAddress host(int n) {
        try {
            return InetAddress.getByAddress(new byte[] {10, 0, (byte) (n >> 8), (byte) n});
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One node's view of the network: a {@link Transport}. */
    public final class Endpoint implements Transport {
        private final Scheduler scheduler;
        private final int magic;
        private final MessageCodec codec;
        private final InetAddress host;
        private int nextPort = 40000;

        private Endpoint(Scheduler scheduler, int magic, MessageCodec codec, InetAddress host) {
            this.scheduler = scheduler;
            this.magic = magic;
            this.codec = codec;
            this.host = host;
        }

        @Override
        public CompletableFuture<Connection> connect(InetSocketAddress address, ConnectionHandler handler) {
            Listener l = listeners.get(address);
            if (l == null) {
                return CompletableFuture.failedFuture(new ConnectException("cannot connect to " + address + ": refused"));
            }
            ConnectionHandler remoteHandler = l.handlers().forInbound(new InetSocketAddress(host, nextPort));
            if (remoteHandler == null) {
                return CompletableFuture.failedFuture(new ConnectException("cannot connect to " + address + ": refused"));
            }
            Pipe local = new Pipe(this, new InetSocketAddress(address.getAddress(), address.getPort()), false, handler);
            Pipe remote = new Pipe(l.endpoint(), new InetSocketAddress(host, nextPort++), true, remoteHandler);
            local.peer = remote;
            remote.peer = local;
            return CompletableFuture.completedFuture(local);
        }

        @Override
        public InetSocketAddress listen(InetSocketAddress bind, ConnectionHandlerFactory handlers) {
            InetSocketAddress address = new InetSocketAddress(host, bind.getPort() == 0 ? 8333 : bind.getPort());
            listeners.put(address, new Listener(handlers, this));
            return address;
        }

        @Override
        public void close() {
            listeners.values().removeIf(l -> l.endpoint() == this);
        }
    }

    /** One end of an in-memory connection. */
    private final class Pipe implements Connection {
        private final long id = IDS.incrementAndGet();
        private final Endpoint owner;
        private final InetSocketAddress remoteAddress;
        private final boolean inbound;
        private final ConnectionHandler handler;
        private final FrameDecoder decoder;
        private Pipe peer;
        private boolean open = true;

        Pipe(Endpoint owner, InetSocketAddress remoteAddress, boolean inbound, ConnectionHandler handler) {
            this.owner = owner;
            this.remoteAddress = remoteAddress;
            this.inbound = inbound;
            this.handler = handler;
            this.decoder = new FrameDecoder(owner.magic, WireLimits.MAX_PAYLOAD, owner.codec::maxPayload);
        }

        @Override
        public long id() {
            return id;
        }

        @Override
        public InetSocketAddress remoteAddress() {
            return remoteAddress;
        }

        @Override
        public boolean inbound() {
            return inbound;
        }

        @Override
        public void send(Message message) {
            if (!open) {
                return;
            }
            byte[] frame = FrameCodec.encode(owner.magic, message);
            Pipe target = peer;
            target.owner.scheduler.schedule(() -> target.receive(frame), latencyMillis);
        }

        private void receive(byte[] frame) {
            if (!open) {
                return;
            }
            decoder.feed(frame, 0, frame.length, new FrameDecoder.Sink() {
                @Override
                public void onFrame(String command, byte[] payload) {
                    DecodeResult r = owner.codec.decode(command, payload);
                    if (r instanceof DecodeResult.Decoded d) {
                        handler.onMessage(Pipe.this, d.message(), frame.length);
                    } else if (r instanceof DecodeResult.Failed f) {
                        handler.onWireError(Pipe.this, f.error());
                    }
                }

                @Override
                public void onError(WireError error) {
                    handler.onWireError(Pipe.this, error);
                }
            });
        }

        @Override
        public void close(String reason) {
            if (!open) {
                return;
            }
            open = false;
            handler.onClosed(this, reason);
            Pipe other = peer;
            other.owner.scheduler.schedule(() -> other.close("peer closed the connection"), latencyMillis);
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public long queuedBytes() {
            return 0;
        }

        @Override
        public void releaseInbound(int cost) {
            // Delivery is already paced by the scheduler; there is no reader to pause.
        }

        @Override
        public String toString() {
            return remoteAddress.toString();
        }
    }
}
