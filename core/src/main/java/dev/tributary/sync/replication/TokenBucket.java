package dev.tributary.sync.replication;

/**
 * At most {@code burst} at once, then {@code perSecond} a second, on the engine's clock (passed in). Engine thread
 * only.
 */
final class TokenBucket {
    private final int burst;
    private final double perMilli;
    private double tokens;
    private long lastMillis;

    TokenBucket(int burst, double perSecond, long nowMillis) {
        this.burst = burst;
        this.perMilli = perSecond / 1000;
        this.tokens = burst;
        this.lastMillis = nowMillis;
    }

    boolean take(long nowMillis, int n) {
        if (nowMillis > lastMillis) {
            tokens = Math.min(burst, tokens + (nowMillis - lastMillis) * perMilli);
            lastMillis = nowMillis;
        }
        if (tokens < n) {
            return false;
        }
        tokens -= n;
        return true;
    }
}
