package dev.tributary.sync.inventory;

/**
 * A token bucket bounding how often a peer may send one kind of request: it holds at most {@code burst}
 * tokens, gains {@code perSecond} a second, and each request takes one. Time is passed in (engine milliseconds);
 * it reads no clock. Engine thread only.
 */
final class RateBudget {
    private final int burst;
    private final double perMilli;
    private double tokens;
    private long lastMillis;

    /** A full bucket at {@code nowMillis}. */
    RateBudget(int burst, double perSecond, long nowMillis) {
        if (burst < 1 || perSecond <= 0) {
            throw new IllegalArgumentException("burst and rate must be positive");
        }
        this.burst = burst;
        this.perMilli = perSecond / 1000;
        this.tokens = burst;
        this.lastMillis = nowMillis;
    }

    /** Takes a token if there is one; false when the peer is over its rate. */
    boolean take(long nowMillis) {
        if (nowMillis > lastMillis) {
            tokens = Math.min(burst, tokens + (nowMillis - lastMillis) * perMilli);
            lastMillis = nowMillis;
        }
        if (tokens < 1) {
            return false;
        }
        tokens -= 1;
        return true;
    }
}
