package dev.tributary.records.verify;

import java.util.List;

/**
 * What a verify pass found.
 *
 * @param rounds rounds of the descent (each a split on one side and the matching fingerprints on the other)
 * @param roundTrips requests sent to the two sides
 * @param rangesCompared key ranges whose fingerprints or listings were compared
 * @param rowsListed rows listed by both sides together, in the ranges small enough to list
 * @param differences the rows held differently, ascending by key
 */
public record VerifyReport(int rounds, int roundTrips, long rangesCompared, long rowsListed,
                           List<Difference> differences) {
    public VerifyReport {
        differences = List.copyOf(differences);
    }

    /** The keys of the differing rows, ascending. */
    public List<String> keys() {
        return differences.stream().map(Difference::key).toList();
    }

    /** How many differ in {@code kind}. */
    public long count(Difference.Kind kind) {
        return differences.stream().filter(d -> d.kind() == kind).count();
    }
}
