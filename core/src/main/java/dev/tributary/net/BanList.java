package dev.tributary.net;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Map;

/** Addresses refused until a deadline, by IP (ports differ per connection). Thread-safe: the acceptor consults it. */
public final class BanList {
    private static final int MAX_ENTRIES = 10_000;
    private final Map<InetAddress, Long> bannedUntil = new ConcurrentHashMap<>();

    public void ban(InetAddress address, long untilMillis) {
        if (bannedUntil.size() >= MAX_ENTRIES) {
            long now = untilMillis;
            bannedUntil.values().removeIf(t -> t < now);
        }
        bannedUntil.merge(address, untilMillis, Math::max);
    }

    public boolean isBanned(InetAddress address, long nowMillis) {
        Long until = bannedUntil.get(address);
        if (until == null) {
            return false;
        }
        if (until <= nowMillis) {
            bannedUntil.remove(address);
            return false;
        }
        return true;
    }

    public int size() {
        return bannedUntil.size();
    }
}
