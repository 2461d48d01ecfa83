package dev.tributary.node.cli;

import dev.tributary.sync.replication.ReplicationListener;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Whether the peers of a {@code db sync} list the database it fetches among those they have open ({@code dbopen}),
 * and for how long none has: a node lists every database it holds, so one whose list lacks the address will send
 * nothing of it. Told on the engine thread, read on any.
 */
final class ListedWatch implements ReplicationListener {
    private final String address;
    private final LongSupplier nanoClock;
    /** When the last list lacking the address came, or {@link #NOT_UNLISTED}: no list yet, or the last named it. */
    private volatile long unlistedSince = NOT_UNLISTED;
    private static final long NOT_UNLISTED = Long.MIN_VALUE;

    ListedWatch(String address, LongSupplier nanoClock) {
        this.address = address;
        this.nanoClock = nanoClock;
    }

    @Override
    public void peerListed(String peer, Set<String> open) {
        if (open.contains(address)) {
            unlistedSince = NOT_UNLISTED;
        } else if (unlistedSince == NOT_UNLISTED) {
            unlistedSince = nanoClock.getAsLong();
        }
    }

    /** Whether a peer's list has lacked the address for at least {@code nanos} (and none named it since). */
    boolean unlistedFor(long nanos) {
        long since = unlistedSince;
        return since != NOT_UNLISTED && nanoClock.getAsLong() - since >= nanos;
    }
}
