package dev.tributary.sync.inventory;

import dev.tributary.bytes.Hash;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;

/**
 * The {@code getdata} entries in flight (btcd's {@code requestedBlocks}/{@code requestedTxns}, with times and
 * attempts): for each hash, the peer asked, when, and how many times so far. At most {@code capacity} entries
 * over all peers (btcd: 50,000); a request beyond that is refused, and the hash is asked for again when it is
 * announced again.
 *
 * <p>A request leaves the tracker when what it asked for arrives ({@link #complete}), or comes back to the
 * caller to be asked again, of another peer where there is one: on {@code notfound}, on a timeout, or when
 * its peer disconnects. After {@code maxAttempts} it is given up. Engine thread only.
 */
public final class RequestTracker {

    /** One request in flight. */
    public record Request(Hash hash, boolean block, long peerId, long sentAtMillis, int attempts) {
    }

    private final int capacity;
    private final int maxAttempts;
    /** In request order, so timeouts are found from the oldest. */
    private final LinkedHashMap<Hash, Request> inFlight = new LinkedHashMap<>();

    public RequestTracker(int capacity, int maxAttempts) {
        this.capacity = capacity;
        this.maxAttempts = maxAttempts;
    }

    public boolean isRequested(Hash hash) {
        return inFlight.containsKey(hash);
    }

    public int size() {
        return inFlight.size();
    }

    /**
     * Records a first request of {@code hash} from {@code peerId}.
     *
     * @return false when it is already in flight or the tracker is full (then it must not be sent)
     */
    public boolean track(Hash hash, boolean block, long peerId, long nowMillis) {
        if (inFlight.containsKey(hash) || inFlight.size() >= capacity) {
            return false;
        }
        inFlight.put(hash, new Request(hash, block, peerId, nowMillis, 1));
        return true;
    }

    /**
     * Records that a request is sent again, to {@code peerId}: one more attempt, the clock restarts.
     *
     * @return false when the attempts are used up; the request is then forgotten
     */
    public boolean retry(Request request, long peerId, long nowMillis) {
        inFlight.remove(request.hash());
        if (request.attempts() >= maxAttempts) {
            return false;
        }
        inFlight.put(request.hash(), new Request(request.hash(), request.block(), peerId, nowMillis,
                request.attempts() + 1));
        return true;
    }

    /** What was asked for arrived (from anyone): returns the request it answers, if there was one. */
    public Optional<Request> complete(Hash hash) {
        return Optional.ofNullable(inFlight.remove(hash));
    }

    /** The peer said it does not have {@code hash}: returns the request to send elsewhere, if it was asked of that peer. */
    public Optional<Request> notFound(long peerId, Hash hash) {
        Request r = inFlight.get(hash);
        return r != null && r.peerId() == peerId ? Optional.of(r) : Optional.empty();
    }

    /** The requests sent {@code timeoutMillis} or longer ago, oldest first; they stay tracked until retried. */
    public List<Request> timedOut(long nowMillis, long timeoutMillis) {
        List<Request> out = new ArrayList<>();
        for (Request r : inFlight.values()) {
            if (nowMillis - r.sentAtMillis() >= timeoutMillis) {
                out.add(r);
            }
        }
        return out;
    }

    /** The requests in flight to a peer, to send elsewhere when it disconnects. */
    public List<Request> of(long peerId) {
        List<Request> out = new ArrayList<>();
        for (Request r : inFlight.values()) {
            if (r.peerId() == peerId) {
                out.add(r);
            }
        }
        return out;
    }
}
