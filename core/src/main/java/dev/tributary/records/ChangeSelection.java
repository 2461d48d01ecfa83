package dev.tributary.records;

import java.util.ArrayList;
import java.util.List;

/**
 * What a source sends for a target's digest (SData sync 2.5): for every endpoint E of the source digest whose tick
 * is higher than the target's (an endpoint missing from the target's digest counts as 0), the changes made by E at
 * ticks from the target's tick up to the source's, in ascending tick order. The upper bound is the source's digest
 * when the pass starts, so a pass is a snapshot: changes made while it runs carry higher ticks and go in the next
 * pass.
 */
public final class ChangeSelection {
    private ChangeSelection() {
    }

    /** The ranges to send, in the source digest's endpoint order; empty when the target has everything. */
    public static List<TickRange> between(Digest source, Digest target) {
        List<TickRange> ranges = new ArrayList<>();
        for (DigestEntry e : source.entries()) {
            long from = target.tick(e.endpoint());
            if (e.tick() > from) {
                ranges.add(new TickRange(e.endpoint(), from, e.tick()));
            }
        }
        return List.copyOf(ranges);
    }
}
