package dev.tributary.records;

/**
 * The target's decision for one incoming change (SData sync 5.4, which a {@code $syncTarget} provider must follow;
 * comparisons strict, as corrected in the specification's history of 22 Oct 2014). Inputs: the source digest SD
 * (from the feed), the target digest TD, the change's state s and the target copy's state t.
 *
 * <ol>
 *   <li>no target copy: apply (a create; a delete of an unknown record leaves a tombstone);</li>
 *   <li>same endpoint: apply iff {@code s.tick > t.tick}, else ignore;</li>
 *   <li>SD knows t ({@code SD[t.endpoint] > t.tick}): the source saw the target's version, apply;</li>
 *   <li>TD knows s ({@code TD[s.endpoint] > s.tick}): the target saw the source's version, ignore;</li>
 *   <li>otherwise a conflict: the lower conflict priority wins ({@code SD[s.endpoint]} against
 *       {@code TD[t.endpoint]}), then the later stamp, then the smaller endpoint URI.</li>
 * </ol>
 *
 * Choices where the specification is silent ({@code conflict-cases.json}, "unspecified"): a priority missing from
 * the digest that should hold it is taken from the other digest, else it is the weakest (9); when either stamp is
 * unknown or both are equal the endpoint order decides. Case 2.6-e, where the specification's table and its
 * normative algorithm disagree, follows the algorithm (the target wins).
 */
public final class ConflictRule {
    private ConflictRule() {
    }

    /** Which test of the rule decided. */
    public enum Step {
        NEW_RECORD,
        SAME_ENDPOINT,
        SOURCE_KNOWS_TARGET,
        TARGET_KNOWS_SOURCE,
        PRIORITY,
        STAMP,
        ENDPOINT_ORDER
    }

    /** The decision, the test that made it, and why, in words for a diagnosis. */
    public record Decision(Outcome outcome, Step step, String reason) {
    }

    /**
     * Decides what the target does with the change {@code source}, given its copy's state {@code target} (null when
     * it has no copy).
     */
    public static Decision decide(Digest sourceDigest, Digest targetDigest, SyncState source, SyncState target) {
        if (target == null) {
            return new Decision(Outcome.APPLIED, Step.NEW_RECORD, "the target has no copy of this record");
        }
        if (source.endpoint().equals(target.endpoint())) {
            if (source.tick() > target.tick()) {
                return new Decision(Outcome.APPLIED, Step.SAME_ENDPOINT,
                        "newer change from the same endpoint (tick " + source.tick() + " after " + target.tick() + ")");
            }
            return new Decision(Outcome.IGNORED, Step.SAME_ENDPOINT,
                    "the target already has this change or a newer one from the same endpoint (tick "
                            + target.tick() + ")");
        }
        if (sourceDigest.knows(target)) {
            return new Decision(Outcome.APPLIED, Step.SOURCE_KNOWS_TARGET,
                    "the source had seen the target's version " + target + " before changing the record");
        }
        if (targetDigest.knows(source)) {
            return new Decision(Outcome.IGNORED, Step.TARGET_KNOWS_SOURCE,
                    "the target had seen this version " + source + " before changing the record");
        }
        return resolve(sourceDigest, targetDigest, source, target);
    }

    private static Decision resolve(Digest sourceDigest, Digest targetDigest, SyncState source, SyncState target) {
        int sp = priority(sourceDigest, targetDigest, source.endpoint());
        int tp = priority(targetDigest, sourceDigest, target.endpoint());
        String both = "conflict between " + source + " and " + target + ": ";
        if (sp != tp) {
            boolean sourceWins = sp < tp;
            return new Decision(sourceWins ? Outcome.CONFLICT_WON_BY_SOURCE : Outcome.CONFLICT_WON_BY_TARGET,
                    Step.PRIORITY, both + "priority " + Math.min(sp, tp) + " of " + (sourceWins ? source : target)
                            .endpoint() + " beats priority " + Math.max(sp, tp));
        }
        if (source.stamp() != null && target.stamp() != null && !source.stamp().equals(target.stamp())) {
            boolean sourceWins = source.stamp().isAfter(target.stamp());
            return new Decision(sourceWins ? Outcome.CONFLICT_WON_BY_SOURCE : Outcome.CONFLICT_WON_BY_TARGET,
                    Step.STAMP, both + "equal priorities, the later change wins ("
                            + (sourceWins ? source : target).stamp() + ")");
        }
        boolean sourceWins = source.endpoint().compareTo(target.endpoint()) < 0;
        return new Decision(sourceWins ? Outcome.CONFLICT_WON_BY_SOURCE : Outcome.CONFLICT_WON_BY_TARGET,
                Step.ENDPOINT_ORDER, both + "equal priorities and no later stamp, the smaller endpoint wins ("
                        + (sourceWins ? source : target).endpoint() + ")");
    }

    private static int priority(Digest first, Digest second, String endpoint) {
        return first.entry(endpoint).or(() -> second.entry(endpoint)).map(DigestEntry::conflictPriority)
                .orElse(DigestEntry.WEAKEST_PRIORITY);
    }
}
