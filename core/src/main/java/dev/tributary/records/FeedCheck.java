package dev.tributary.records;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The checks a target runs on a whole page before changing anything; a page that fails one is refused (HTTP 400)
 * with the returned problem, and nothing is applied.
 *
 * <ul>
 *   <li>Ordering (SData sync 4.4): for each endpoint, entry ticks increase strictly through the page.</li>
 *   <li>The feed's digest covers its entries (sdatasync.xsd notes: no record's tick reaches its endpoint's digest
 *       tick): otherwise the digest is not the source's digest and rule 2 of the conflict test would be wrong.</li>
 *   <li>Immediate feeds are contiguous with the target digest (SData sync 5.8). The specification leaves
 *       "contiguous" undefined beyond one entry; here every entry, in feed order, must have a tick no higher than
 *       the target's tick for its endpoint, that tick having been raised by the entries before it. An entry below
 *       the target's tick is accepted (it is a repeat, and the conflict test ignores it). A gap means the target
 *       missed changes: the source must run a catch-up pass instead.</li>
 * </ul>
 */
public final class FeedCheck {
    private FeedCheck() {
    }

    /** The first problem of {@code page} against the target's {@code targetDigest}, or empty when it may be applied. */
    public static Optional<String> problem(FeedPage page, Digest targetDigest) {
        Map<String, Long> lastTick = new HashMap<>();
        Map<String, Long> expected = new HashMap<>();
        int n = 0;
        for (Record r : page.entries()) {
            n++;
            SyncState s = r.state();
            Long before = lastTick.put(s.endpoint(), s.tick());
            if (before != null && s.tick() <= before) {
                return Optional.of("entry " + n + " (record " + r.uuid() + ") has tick " + s.tick() + " of "
                        + s.endpoint() + " after tick " + before + ": ticks of one endpoint must increase through a feed");
            }
            if (page.digest().tick(s.endpoint()) <= s.tick()) {
                return Optional.of("the feed's digest gives " + s.endpoint() + " tick " + page.digest().tick(s.endpoint())
                        + ", which does not cover entry " + n + " (record " + r.uuid() + ") at tick " + s.tick()
                        + ": a digest's tick is the next one not yet assigned");
            }
            if (page.mode() == SyncMode.IMMEDIATE) {
                long have = expected.getOrDefault(s.endpoint(), targetDigest.tick(s.endpoint()));
                if (s.tick() > have) {
                    return Optional.of("gap in an immediate feed: entry " + n + " (record " + r.uuid() + ") has tick "
                            + s.tick() + " of " + s.endpoint() + " but the target has seen that endpoint only up to tick "
                            + (have - 1) + "; run a catch-up pass");
                }
                expected.put(s.endpoint(), Math.max(have, s.tick() + 1));
            }
        }
        return Optional.empty();
    }
}
