package dev.tributary.records.atom;

/**
 * The progress of an asynchronous operation ({@code sdata:tracking}, core 3.11), answered with every 202:
 * phase, its detail, percent done (may go down), seconds elapsed and remaining (either may be revised), and how long
 * the consumer should wait before polling again. A reader accepts a missing {@code pollingMillis} (core 11.5's own
 * example omits it) as 500.
 */
public record Tracking(String phase, String phaseDetail, double progress, long elapsedSeconds, long remainingSeconds,
        long pollingMillis) {
    /** The polling delay assumed when a tracking payload gives none. */
    public static final long DEFAULT_POLLING_MILLIS = 500;
}
