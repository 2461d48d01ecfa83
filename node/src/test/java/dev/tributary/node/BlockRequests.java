package dev.tributary.node;

import dev.tributary.bytes.Hash;
import dev.tributary.chain.message.GetDataMessage;
import dev.tributary.chain.message.InventoryItem;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Counts, at a serving node, the blocks its peers ask for with {@code getdata}, per connection. Installed
 * beside the node's own {@code getdata} handler (handlers of one type all run, in registration order).
 * Thread-safe to read.
 */
final class BlockRequests {
    /** One block asked for, by the connection (peer id) that asked. */
    record Request(long peerId, Hash hash) {
    }

    private final List<Request> requests = new ArrayList<>();

    static BlockRequests install(Node server) {
        BlockRequests r = new BlockRequests();
        server.call(() -> {
            server.peers().networks().get(0).dispatcher().on(GetDataMessage.class, (peer, m) -> {
                for (InventoryItem item : m.items()) {
                    if (item.isBlock()) {
                        r.add(new Request(peer.id(), item.hash()));
                    }
                }
            });
            return null;
        });
        return r;
    }

    private synchronized void add(Request request) {
        requests.add(request);
    }

    public synchronized List<Request> all() {
        return List.copyOf(requests);
    }

    /** The connections that asked for anything so far. */
    public synchronized Set<Long> peers() {
        Set<Long> s = new HashSet<>();
        requests.forEach(r -> s.add(r.peerId()));
        return s;
    }

    /** How often each block was asked for by connections not in {@code excluded}. */
    public synchronized Map<Hash, Integer> countsExcluding(Set<Long> excluded) {
        Map<Hash, Integer> m = new HashMap<>();
        for (Request r : requests) {
            if (!excluded.contains(r.peerId())) {
                m.merge(r.hash(), 1, Integer::sum);
            }
        }
        return m;
    }
}
