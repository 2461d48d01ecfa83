package dev.tributary.net;

import dev.tributary.engine.Cancellable;
import dev.tributary.wire.FrameFormat;
import dev.tributary.wire.MessageCodec;
import dev.tributary.wire.WireFormat;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One network a node speaks on its connections (regtest, dagtest, ...): its {@link WireFormat} (a framing
 * and the commands of all its modules), its {@link Handshake}, its {@link PeerModule}s with their handlers and
 * listeners, where to find peers (default port, DNS seeds, the {@link NetConfig}'s connect list, seeds and
 * outbound target) and its {@link AddressBook}. A connection belongs to exactly one network; a
 * {@link PeerManager} runs several networks over one transport and one listening port.
 *
 * <p>Built once, with a {@link Builder}: every module registers its commands, and a command two modules
 * register is an error at start-up that names both. Then each module installs its handlers. Engine thread
 * only, but for building.
 */
public final class PeerNetwork {
    private final String name;
    private final WireFormat wire;
    private final NetConfig config;
    private final int defaultPort;
    private final List<String> dnsSeeds;
    private final Handshake handshake;
    private final List<PeerModule> modules;
    private final MessageDispatcher dispatcher = new MessageDispatcher();
    private final List<PeerListener> listeners = new CopyOnWriteArrayList<>();
    private final AddressBook addresses;
    private PeerManager manager;
    private OutboundConnector outbound;

    private PeerNetwork(Builder b, MessageCodec codec) {
        this.name = b.name;
        this.wire = new WireFormat(b.name, b.frames, codec);
        this.config = b.config;
        this.defaultPort = b.defaultPort;
        this.dnsSeeds = List.copyOf(b.dnsSeeds);
        this.handshake = b.handshake;
        this.modules = List.copyOf(b.modules);
        this.addresses = new AddressBook(b.random);
    }

    public static Builder builder(String name, FrameFormat frames) {
        return new Builder(name, frames);
    }

    public String name() {
        return name;
    }

    public WireFormat wireFormat() {
        return wire;
    }

    /** Connect list, seeds and outbound target of this network (node-wide settings come from the peer manager's). */
    public NetConfig config() {
        return config;
    }

    public int defaultPort() {
        return defaultPort;
    }

    List<String> dnsSeeds() {
        return dnsSeeds;
    }

    Handshake handshake() {
        return handshake;
    }

    /** The handshake and the other modules, in registration order. */
    public List<PeerModule> modules() {
        List<PeerModule> all = new ArrayList<>();
        all.add(handshake);
        all.addAll(modules);
        return all;
    }

    public MessageDispatcher dispatcher() {
        return dispatcher;
    }

    /** Addresses of this network's peers to dial, from seeds and gossip. */
    public AddressBook addresses() {
        return addresses;
    }

    /** Tells {@code listener} of this network's peers, until the returned handle is cancelled. */
    public Cancellable addListener(PeerListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    List<PeerListener> listeners() {
        return listeners;
    }

    /** This network's handshaked peers. Engine thread. */
    public Collection<Peer> readyPeers() {
        return manager == null ? List.of() : manager.readyPeers(this);
    }

    /** This network's peers now, ready or not. Engine thread. */
    public Collection<Peer> allPeers() {
        return manager == null ? List.of() : manager.allPeers(this);
    }

    /** Addresses were learned (from gossip): the outbound side may dial more. Engine thread. */
    public void addressesLearned() {
        if (outbound != null) {
            outbound.addressesLearned();
        }
    }

    /** The peer manager running this network; null before it was added to one. */
    public PeerManager manager() {
        return manager;
    }

    void attach(PeerManager m, OutboundConnector connector) {
        if (manager != null) {
            throw new IllegalStateException("network " + name + " already runs on a peer manager");
        }
        manager = m;
        outbound = connector;
    }

    OutboundConnector outbound() {
        return outbound;
    }

    @Override
    public String toString() {
        return name;
    }

    /** Assembles a network from its handshake and modules. */
    public static final class Builder {
        private final String name;
        private final FrameFormat frames;
        private NetConfig config = NetConfig.defaults();
        private int defaultPort;
        private List<String> dnsSeeds = List.of();
        private Handshake handshake;
        private final List<PeerModule> modules = new ArrayList<>();
        private java.util.Random random = new java.util.Random();

        private Builder(String name, FrameFormat frames) {
            this.name = Objects.requireNonNull(name, "name");
            this.frames = Objects.requireNonNull(frames, "frames");
        }

        public Builder config(NetConfig value) {
            config = Objects.requireNonNull(value);
            return this;
        }

        /** The port of seeds and DNS seed answers that name none. */
        public Builder defaultPort(int port) {
            defaultPort = port;
            return this;
        }

        public Builder dnsSeeds(List<String> seeds) {
            dnsSeeds = List.copyOf(seeds);
            return this;
        }

        /** Randomness of the address book (a simulation passes a seeded one). */
        public Builder random(java.util.Random value) {
            random = Objects.requireNonNull(value);
            return this;
        }

        public Builder handshake(Handshake value) {
            if (handshake != null) {
                throw new IllegalStateException("network " + name + " already has a handshake: " + handshake.name());
            }
            handshake = Objects.requireNonNull(value);
            return this;
        }

        public Builder module(PeerModule module) {
            modules.add(Objects.requireNonNull(module));
            return this;
        }

        /**
         * Registers every module's commands and installs its handlers.
         *
         * @throws IllegalStateException when there is no handshake, or two modules register one command
         */
        public PeerNetwork build() {
            if (handshake == null) {
                throw new IllegalStateException("network " + name + " has no handshake");
            }
            MessageCodec.Builder codec = MessageCodec.builder();
            java.util.Map<String, String> moduleOf = new java.util.HashMap<>();
            List<PeerModule> all = new ArrayList<>();
            all.add(handshake);
            all.addAll(modules);
            for (PeerModule m : all) {
                try {
                    m.registerMessages(codec);
                } catch (MessageCodec.CommandClash e) {
                    throw new IllegalStateException("network " + name + ": module '" + m.name() + "' registers command '"
                            + e.command() + "', which module '" + moduleOf.get(e.command())
                            + "' already registered: each command belongs to one module of a network", e);
                }
                codec.commands().forEach(c -> moduleOf.putIfAbsent(c, m.name()));
            }
            PeerNetwork network = new PeerNetwork(this, codec.build());
            network.modules().forEach(m -> m.install(network));
            return network;
        }
    }
}
