package dev.tributary.records.verify;

/**
 * A row the two sides of a verify pass hold differently.
 *
 * @param key the row's key
 * @param kind how it differs
 */
public record Difference(String key, Kind kind) {
    /** How a row differs. */
    public enum Kind {
        /** both sides hold the row, with different content */
        CHANGED,
        /** only the source holds it */
        MISSING_ON_TARGET,
        /** only the target holds it */
        EXTRA_ON_TARGET
    }
}
