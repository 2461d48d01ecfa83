package dev.tributary.node.sim;

import dev.tributary.net.LinkConditions;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Links whose latency depends on who sends: a host given its own latency (a scripted peer answering slowly) sends
 * with it and is reached at once, as a peer that answers after a delay; between other hosts frames take the default.
 * Every frame arrives, once, in order; a close reaches the other end at once after the last frame.
 */
public final class HostLatencies implements LinkConditions {
    private final long defaultMillis;
    private final Map<InetAddress, Long> bySender = new HashMap<>();

    public HostLatencies(long defaultMillis) {
        this.defaultMillis = defaultMillis;
    }

    /** Frames {@code host} sends take {@code millis}; frames to it arrive at once. */
    public void set(InetAddress host, long millis) {
        bySender.put(host, millis);
    }

    /** The one-way latency of frames from {@code host}. */
    public long of(InetAddress host) {
        return bySender.getOrDefault(host, defaultMillis);
    }

    @Override
    public List<Long> deliveries(InetAddress from, InetAddress to, String command) {
        Long own = bySender.get(from);
        if (own != null) {
            return List.of(own);
        }
        return List.of(bySender.containsKey(to) ? 0L : defaultMillis);
    }

    @Override
    public boolean inOrder() {
        return true;
    }
}
