package dev.tributary.net.bitcoin;

import dev.tributary.engine.Scheduler;
import dev.tributary.net.AddressBook;
import dev.tributary.net.Peer;
import dev.tributary.net.PeerListener;
import dev.tributary.net.PeerModule;
import dev.tributary.net.PeerNetwork;
import dev.tributary.wire.WireLimits;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Address gossip, after Bitcoin Core, as a module of a Bitcoin {@link PeerNetwork}, feeding the network's
 * {@link AddressBook}. An outbound peer is asked once for addresses ({@code getaddr}) when its handshake
 * completes, and its address is marked connected in the book.
 * {@code getaddr} is answered once per connection and only to inbound peers (a fingerprinting defence),
 * with up to {@link WireLimits#MAX_ADDRESSES} addresses sampled from the book. Every {@code addr} entry goes
 * into the book, a timestamp more than 10 minutes ahead counting as 5 days old, and the network is told
 * there may be new addresses to dial.
 *
 * <p>Rate, as Core limits it: each peer has a bucket of {@link #ADDR_BUCKET} address tokens, refilled at
 * {@link #ADDR_PER_SECOND} a second; an address beyond the peer's tokens is dropped unread, so a peer flooding
 * {@code addr} costs the engine little.
 *
 * <p>Relay, as Core spreads fresh addresses: a small {@code addr} (at most {@link #RELAY_MAX_ENTRIES}
 * entries, the size of a node announcing itself or forwarding one) has its entries seen within the last
 * 10 minutes forwarded to {@link #RELAY_FANOUT} other handshaked peers chosen at random. Each address is
 * relayed at most once (a bounded memory of {@link #RELAYED_MEMORY} addresses), so gossip cannot loop or
 * amplify.
 *
 * <p>Engine thread only.
 */
public final class AddressGossip implements PeerModule, PeerListener {
    static final int RELAY_MAX_ENTRIES = 10;
    static final int RELAY_FANOUT = 2;
    static final long RELAY_FRESH_SECONDS = 600;
    static final int RELAYED_MEMORY = 10_000;
    /** Most address tokens a peer holds (Core's MAX_ADDR_PROCESSING_TOKEN_BUCKET); a peer starts with them all. */
    static final double ADDR_BUCKET = 1_000;
    /** Tokens a peer earns per second (Core's MAX_ADDR_RATE_PER_SECOND). */
    static final double ADDR_PER_SECOND = 0.1;

    private final Scheduler scheduler;
    private final Random random;
    private AddressBook book;
    private Runnable addressesLearned;
    private Supplier<Collection<Peer>> readyPeers;
    private final Set<InetSocketAddress> relayed = Collections.newSetFromMap(new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<InetSocketAddress, Boolean> eldest) {
            return size() > RELAYED_MEMORY;
        }
    });

    public AddressGossip(Scheduler scheduler, Random random) {
        this.scheduler = scheduler;
        this.random = random;
    }

    @Override
    public String name() {
        return "bitcoin address gossip";
    }

    /** A gossip over {@code book} alone, for tests: no network, the ready peers from {@code readyPeers}. */
    AddressGossip(Scheduler scheduler, Random random, AddressBook book, Supplier<Collection<Peer>> readyPeers) {
        this(scheduler, random);
        this.book = book;
        this.addressesLearned = () -> { };
        this.readyPeers = readyPeers;
    }

    @Override
    public void install(PeerNetwork n) {
        book = n.addresses();
        addressesLearned = n::addressesLearned;
        readyPeers = n::readyPeers;
        n.dispatcher().on(EmptyMessages.GetAddr.class, (p, m) -> onGetAddr(p));
        n.dispatcher().on(AddrMessage.class, this::onAddr);
        n.addListener(this);
    }

    @Override
    public void onPeerReady(Peer p) {
        peerReady(p);
    }

    /** The handshake with {@code p} completed: an outbound peer is asked for addresses. */
    void peerReady(Peer p) {
        if (!p.inbound()) {
            p.send(EmptyMessages.GetAddr.INSTANCE);
            book.connected(p.address(), scheduler.nowSeconds());
        }
    }

    void onGetAddr(Peer p) {
        // Core answers getaddr once per connection, and only to inbound peers (a fingerprinting defence).
        BitcoinPeer state = BitcoinPeer.of(p);
        if (!p.inbound() || state.answeredGetAddr()) {
            return;
        }
        state.markAnsweredGetAddr();
        List<TimestampedAddress> out = new ArrayList<>();
        for (AddressBook.AddressRecord r : book.sample(WireLimits.MAX_ADDRESSES)) {
            out.add(new TimestampedAddress(r.lastSeenSeconds(), NetworkAddress.of(r.services(), r.address())));
        }
        p.send(new AddrMessage(out));
    }

    void onAddr(Peer from, AddrMessage addr) {
        long now = scheduler.nowSeconds();
        int allowed = BitcoinPeer.of(from).takeAddrTokens(addr.addresses().size(), scheduler.nowMillis(), ADDR_BUCKET, ADDR_PER_SECOND);
        List<TimestampedAddress> fresh = new ArrayList<>();
        for (TimestampedAddress a : addr.addresses().subList(0, allowed)) {
            long seen = a.time() > now + 600 ? now - 5 * 24 * 3600 : a.time();
            InetSocketAddress where = a.address().toSocketAddress();
            book.add(where, a.address().services(), seen);
            if (addr.addresses().size() <= RELAY_MAX_ENTRIES && Math.abs(now - a.time()) <= RELAY_FRESH_SECONDS
                    && relayed.add(where)) {
                fresh.add(a);
            }
        }
        if (!fresh.isEmpty()) {
            relay(from, new AddrMessage(fresh));
        }
        addressesLearned.run();
    }

    private void relay(Peer from, AddrMessage fresh) {
        List<Peer> others = new ArrayList<>(readyPeers.get());
        others.remove(from);
        Collections.shuffle(others, random);
        for (Peer p : others.subList(0, Math.min(RELAY_FANOUT, others.size()))) {
            p.send(fresh);
        }
    }
}
