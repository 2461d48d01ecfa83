package dev.tributary.net;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * Addresses of peers to try, learned from DNS seeds, seed hosts and {@code addr} gossip. Bounded: at
 * {@link #MAX_ENTRIES} the entry least worth keeping makes room, in constant time (a full book must not cost a
 * scan per address a peer sends): entries sit in four queues by worth (never connected and failed, never
 * connected, connected and failed since, connected), oldest first; the oldest of the least worthy goes.
 * A failed address is retried after a delay that doubles with each failure, up to
 * {@link #MAX_RETRY_DELAY_MILLIS}. Engine thread only.
 */
public final class AddressBook {
    static final int MAX_ENTRIES = 20_000;
    static final long BASE_RETRY_DELAY_MILLIS = 1_000;
    static final long MAX_RETRY_DELAY_MILLIS = 10 * 60_000;

    private static final class Entry {
        final InetSocketAddress address;
        long services;
        long lastSeenSeconds;
        long lastAttemptMillis = -1;
        int failures;
        boolean everConnected;
        int tier;

        Entry(InetSocketAddress address, long services, long lastSeenSeconds) {
            this.address = address;
            this.services = services;
            this.lastSeenSeconds = lastSeenSeconds;
        }
    }

    private final Map<InetSocketAddress, Entry> entries = new HashMap<>();
    /** Eviction order: tier 0 first, the oldest entry of a tier first. */
    private final List<java.util.LinkedHashSet<InetSocketAddress>> tiers = List.of(new java.util.LinkedHashSet<>(),
            new java.util.LinkedHashSet<>(), new java.util.LinkedHashSet<>(), new java.util.LinkedHashSet<>());
    private final Random random;

    public AddressBook(Random random) {
        this.random = random;
    }

    /** Adds or refreshes an address. */
    public void add(InetSocketAddress address, long services, long lastSeenSeconds) {
        if (address.isUnresolved() || address.getPort() == 0) {
            return;
        }
        Entry e = entries.get(address);
        if (e != null) {
            e.lastSeenSeconds = Math.max(e.lastSeenSeconds, lastSeenSeconds);
            e.services |= services;
            return;
        }
        if (entries.size() >= MAX_ENTRIES) {
            evictOne();
        }
        Entry fresh = new Entry(address, services, lastSeenSeconds);
        entries.put(address, fresh);
        placeIn(fresh, tierOf(fresh));
    }

    /** 0: never connected and failed; 1: never connected; 2: connected, failed since; 3: connected. */
    private static int tierOf(Entry e) {
        return (e.everConnected ? 2 : 0) + (e.failures > 0 ? 0 : 1);
    }

    private void placeIn(Entry e, int tier) {
        tiers.get(e.tier).remove(e.address);
        e.tier = tier;
        tiers.get(tier).add(e.address);
    }

    /** Drops the oldest entry of the least worthy tier. Constant time. */
    private void evictOne() {
        for (java.util.LinkedHashSet<InetSocketAddress> tier : tiers) {
            if (!tier.isEmpty()) {
                InetSocketAddress oldest = tier.iterator().next();
                tier.remove(oldest);
                entries.remove(oldest);
                return;
            }
        }
    }

    /**
     * A random address worth trying now: not in {@code exclude}, and past its retry delay. Addresses that
     * connected before are preferred.
     */
    public Optional<InetSocketAddress> pick(Set<InetSocketAddress> exclude, long nowMillis) {
        List<Entry> ready = new ArrayList<>();
        List<Entry> proven = new ArrayList<>();
        for (Entry e : entries.values()) {
            if (exclude.contains(e.address) || !retryDue(e, nowMillis)) {
                continue;
            }
            ready.add(e);
            if (e.everConnected) {
                proven.add(e);
            }
        }
        List<Entry> from = !proven.isEmpty() && random.nextBoolean() ? proven : ready;
        if (from.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(from.get(random.nextInt(from.size())).address);
    }

    private static boolean retryDue(Entry e, long now) {
        if (e.lastAttemptMillis < 0) {
            return true;
        }
        long delay = Math.min(MAX_RETRY_DELAY_MILLIS, BASE_RETRY_DELAY_MILLIS << Math.min(20, e.failures));
        return now - e.lastAttemptMillis >= delay;
    }

    public void attempted(InetSocketAddress address, long nowMillis) {
        Entry e = entries.get(address);
        if (e != null) {
            e.lastAttemptMillis = nowMillis;
        }
    }

    public void failed(InetSocketAddress address) {
        Entry e = entries.get(address);
        if (e != null) {
            e.failures++;
            placeIn(e, tierOf(e));
        }
    }

    public void connected(InetSocketAddress address, long nowSeconds) {
        Entry e = entries.get(address);
        if (e != null) {
            e.failures = 0;
            e.everConnected = true;
            e.lastSeenSeconds = nowSeconds;
            placeIn(e, tierOf(e));
        }
    }

    /** Up to {@code max} random addresses, for answering {@code getaddr}. */
    public List<AddressRecord> sample(int max) {
        List<Entry> all = new ArrayList<>(entries.values());
        java.util.Collections.shuffle(all, random);
        List<AddressRecord> out = new ArrayList<>();
        for (Entry e : all.subList(0, Math.min(max, all.size()))) {
            out.add(new AddressRecord(e.address, e.services, e.lastSeenSeconds));
        }
        return out;
    }

    public int size() {
        return entries.size();
    }

    public Collection<InetSocketAddress> addresses() {
        return List.copyOf(entries.keySet());
    }

    /** An address with what is known of it. */
    public record AddressRecord(InetSocketAddress address, long services, long lastSeenSeconds) {
    }
}
