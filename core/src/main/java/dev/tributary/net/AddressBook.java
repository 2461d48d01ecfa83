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
 * {@link #MAX_ENTRIES} the entry least worth keeping (never connected, most failures, oldest) makes room.
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

        Entry(InetSocketAddress address, long services, long lastSeenSeconds) {
            this.address = address;
            this.services = services;
            this.lastSeenSeconds = lastSeenSeconds;
        }
    }

    private final Map<InetSocketAddress, Entry> entries = new HashMap<>();
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
        entries.put(address, new Entry(address, services, lastSeenSeconds));
    }

    private void evictOne() {
        Entry worst = null;
        for (Entry e : entries.values()) {
            if (worst == null || worse(e, worst)) {
                worst = e;
            }
        }
        if (worst != null) {
            entries.remove(worst.address);
        }
    }

    private static boolean worse(Entry a, Entry b) {
        if (a.everConnected != b.everConnected) {
            return !a.everConnected;
        }
        if (a.failures != b.failures) {
            return a.failures > b.failures;
        }
        return a.lastSeenSeconds < b.lastSeenSeconds;
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
        }
    }

    public void connected(InetSocketAddress address, long nowSeconds) {
        Entry e = entries.get(address);
        if (e != null) {
            e.failures = 0;
            e.everConnected = true;
            e.lastSeenSeconds = nowSeconds;
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
