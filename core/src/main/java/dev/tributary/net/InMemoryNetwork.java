package dev.tributary.net;

import dev.tributary.engine.Scheduler;
import dev.tributary.wire.DecodeResult;
import dev.tributary.wire.FrameDecoder;
import dev.tributary.wire.FrameReader;
import dev.tributary.wire.Message;
import dev.tributary.wire.WireError;
import dev.tributary.wire.WireFormat;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * A network without sockets, for simulations: nodes get an {@link InMemoryNetwork.Endpoint} transport,
 * listen on made-up addresses and connect to each other. Every message is encoded to a real frame and
 * decoded on the other side (so the codecs run as over TCP), and delivered as a task on the receiver's
 * scheduler when the network's {@link LinkConditions} say (by default after a fixed latency, in order). With
 * one shared {@code ManualScheduler} a whole network runs on one thread, reproducibly.
 *
 * <p>Hosts can be cut off from each other ({@link #partition}) and joined again ({@link #heal}): connections
 * across a cut close, and new ones are refused, as a network split would do. A node that crashed can come back
 * on the host it had ({@link #endpoint(Scheduler, InetAddress)}), so that its peers' address for it still holds.
 *
 * <p>Deterministic: connection ids and ports are numbered per network, so two runs of one simulation in one
 * process number them alike (and maps keyed by them iterate alike). {@link #observe} shows every message sent.
 *
 * <p>It counts the messages sent, by command ({@link #sentCounts}), so a simulation can measure what a protocol
 * costs. Not thread-safe: meant for single-threaded simulations.
 */
public final class InMemoryNetwork {
    private final Map<InetSocketAddress, Listener> listeners = new HashMap<>();
    private final List<Pipe> pipes = new ArrayList<>();
    private final List<Observer> observers = new ArrayList<>();
    private LinkConditions conditions;
    private PartitionRule partitions = (a, b) -> false;
    private final Map<String, Long> sent = new TreeMap<>();
    private int nextHost = 1;
    private long nextId = 1L << 40;
    private int nextPort = 40000;

    /** Decides whether two hosts are cut off from each other. */
    @FunctionalInterface
    public interface PartitionRule {
        boolean separated(InetAddress a, InetAddress b);
    }

    /** Sees every message a connection of this network sends, when it is sent (whether it arrives or not). */
    @FunctionalInterface
    public interface Observer {
        void sent(InetAddress from, InetAddress to, Message message);
    }

    private record Listener(List<WireFormat> formats, Transport.ConnectionHandlerFactory handlers, Endpoint endpoint) {
    }

    /** A network whose frames arrive after {@code latencyMillis}, in order. */
    public InMemoryNetwork(long latencyMillis) {
        this(LinkConditions.fixedLatency(latencyMillis));
    }

    public InMemoryNetwork(LinkConditions conditions) {
        this.conditions = conditions;
    }

    /** Changes how frames travel from now on. */
    public void setConditions(LinkConditions conditions) {
        this.conditions = conditions;
    }

    /**
     * Cuts the network by {@code rule}: open connections between separated hosts close now (each end hears of it
     * after the link's delay), and new ones between them are refused until {@link #heal}.
     */
    public void partition(PartitionRule rule) {
        this.partitions = rule;
        for (Pipe p : List.copyOf(pipes)) {
            if (p.open && !p.inbound && rule.separated(p.owner.host, p.remoteAddress.getAddress())) {
                p.close("network partition");
            }
        }
    }

    /** Joins every part of the network again. */
    public void heal() {
        this.partitions = (a, b) -> false;
    }

    /** The messages sent over the network so far (on open connections), by command, sorted by command. */
    public Map<String, Long> sentCounts() {
        return new TreeMap<>(sent);
    }

    /** Forgets the counts of {@link #sentCounts}. */
    public void resetCounts() {
        sent.clear();
    }


    /** Tells {@code observer} of every message sent from now on. */
    public void observe(Observer observer) {
        observers.add(java.util.Objects.requireNonNull(observer));
    }

    /** A transport for one node on a host of its own, whose tasks run on {@code scheduler}. */
    public Endpoint endpoint(Scheduler scheduler) {
        return new Endpoint(scheduler, host(nextHost++));
    }

    /**
     * A transport on {@code host}, which an earlier endpoint had (a node restarting after a crash, whose peers still
     * dial its address). The earlier endpoint should be closed.
     */
    public Endpoint endpoint(Scheduler scheduler, InetAddress host) {
        return new Endpoint(scheduler, host);
    }

    /** The port of the next outbound connection's local end: 40000 on, round again after 65535. */
    private int nextPort() {
        int p = nextPort;
        nextPort = p == 65535 ? 40000 : p + 1;
        return p;
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
        private final InetAddress host;
        private boolean closed;

        private Endpoint(Scheduler scheduler, InetAddress host) {
            this.scheduler = scheduler;
            this.host = host;
        }

        /** This endpoint's host address. */
        public InetAddress host() {
            return host;
        }

        @Override
        public CompletableFuture<Connection> connect(InetSocketAddress address, WireFormat format,
                ConnectionHandler handler) {
            Listener l = listeners.get(address);
            if (closed || l == null || partitions.separated(host, address.getAddress())) {
                return CompletableFuture.failedFuture(new ConnectException("cannot connect to "
                        + HostPort.of(address) + ": refused"));
            }
            InetSocketAddress from = new InetSocketAddress(host, nextPort());
            ConnectionHandler remoteHandler = l.handlers().forInbound(from);
            if (remoteHandler == null) {
                return CompletableFuture.failedFuture(new ConnectException("cannot connect to "
                        + HostPort.of(address) + ": refused"));
            }
            Pipe local = new Pipe(this, address, false, handler, List.of(format));
            Pipe remote = new Pipe(l.endpoint(), from, true, remoteHandler, l.formats());
            local.peer = remote;
            remote.peer = local;
            pipes.add(local);
            pipes.add(remote);
            remoteHandler.onOpened(remote);
            return CompletableFuture.completedFuture(local);
        }

        @Override
        public InetSocketAddress listen(InetSocketAddress bind, List<WireFormat> formats,
                ConnectionHandlerFactory handlers) {
            InetSocketAddress address = new InetSocketAddress(host, bind.getPort() == 0 ? 8333 : bind.getPort());
            listeners.put(address, new Listener(List.copyOf(formats), handlers, this));
            return address;
        }

        /** Stops listening and closes this endpoint's connections, as a crashed process's sockets would be. */
        @Override
        public void close() {
            closed = true;
            listeners.values().removeIf(l -> l.endpoint() == this);
            for (Pipe p : List.copyOf(pipes)) {
                if (p.owner == this && p.open) {
                    p.close("transport closed");
                }
            }
        }
    }

    /** One end of an in-memory connection. */
    private final class Pipe implements Connection {
        private final long id = nextId++;
        private final Endpoint owner;
        private final InetSocketAddress remoteAddress;
        private final boolean inbound;
        private final ConnectionHandler handler;
        private final List<WireFormat> candidates;
        private WireFormat format;
        private FrameReader reader;
        private Pipe peer;
        private boolean open = true;
        /** The time the last frame sent from this end is due at the other, so that in-order links stay in order. */
        private long lastDue;

        Pipe(Endpoint owner, InetSocketAddress remoteAddress, boolean inbound, ConnectionHandler handler,
                List<WireFormat> candidates) {
            this.owner = owner;
            this.remoteAddress = remoteAddress;
            this.inbound = inbound;
            this.handler = handler;
            this.candidates = candidates;
            if (!inbound) {
                format = candidates.get(0);
                reader = format.newReader();
            }
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
        public WireFormat wireFormat() {
            return format;
        }

        @Override
        public void send(Message message) {
            if (!open || format == null) {
                return;
            }
            byte[] frame = format.encode(message);
            sent.merge(message.command(), 1L, Long::sum);
            Pipe target = peer;
            for (Observer o : observers) {
                o.sent(owner.host, target.owner.host, message);
            }
            Scheduler receiver = target.owner.scheduler;
            long now = receiver.nowMillis();
            for (long delay : conditions.deliveries(owner.host, target.owner.host, message.command())) {
                long due = now + delay;
                if (conditions.inOrder()) {
                    due = Math.max(due, lastDue);
                    lastDue = due;
                }
                receiver.schedule(() -> target.receive(frame), due - now);
            }
        }

        private void receive(byte[] frame) {
            if (!open) {
                return;
            }
            if (reader == null && !recognize(frame)) {
                return;
            }
            reader.feed(frame, 0, frame.length, new FrameDecoder.Sink() {
                @Override
                public void onFrame(String command, byte[] payload) {
                    DecodeResult r = format.codec().decode(command, payload);
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
            if (reader.failed()) {
                close("unreadable stream");
            }
        }

        private boolean recognize(byte[] frame) {
            for (WireFormat f : candidates) {
                if (f.recognizes(frame)) {
                    format = f;
                    reader = f.newReader();
                    return true;
                }
            }
            handler.onWireError(this, new WireError(WireError.Kind.BAD_MAGIC, "", "not a network of this node"));
            close("unreadable stream");
            return false;
        }

        @Override
        public void close(String reason) {
            if (!open) {
                return;
            }
            open = false;
            pipes.remove(this);
            handler.onClosed(this, reason);
            Pipe other = peer;
            other.owner.scheduler.schedule(() -> other.close("peer closed the connection"),
                    Math.max(0, lastDue - other.owner.scheduler.nowMillis()) + conditions.closeDelayMillis());
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
