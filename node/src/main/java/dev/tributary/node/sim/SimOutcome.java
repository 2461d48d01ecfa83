package dev.tributary.node.sim;

import java.util.Optional;

/**
 * How one simulation ended.
 *
 * @param spec          what ran
 * @param failure       the invariant broken and how, one line; empty when every invariant held
 * @param tip           where the honest nodes ended (the first node's tip, as its line reads)
 * @param mined         blocks the honest nodes mined
 * @param crashes       nodes crashed (each restarted later)
 * @param partitions    times the network was split
 * @param forged        blocks and announcements the hostile node forged
 * @param messages      messages the nodes sent
 * @param peakMessages  the most messages sent in one virtual second
 * @param virtualMillis virtual time the simulation took
 */
public record SimOutcome(SimSpec spec, Optional<String> failure, String tip, int mined, int crashes, int partitions,
        int forged, long messages, long peakMessages, long virtualMillis) {

    public boolean ok() {
        return failure.isEmpty();
    }
}
