package dev.tributary.net;

/**
 * A token bucket limiting bytes per second, shared by all of a node's connections (the node's upload
 * limit). {@link #acquire(int)} blocks the calling writer thread until the bytes may go; it is never
 * called on the engine thread. The bucket holds at most a quarter second of tokens, so bursts stay short.
 */
public final class RateLimiter {
    private final long bytesPerSecond;
    private final double capacity;
    private double tokens;
    private long lastRefillNanos;

    public RateLimiter(long bytesPerSecond) {
        if (bytesPerSecond <= 0) {
            throw new IllegalArgumentException("rate must be positive: " + bytesPerSecond);
        }
        this.bytesPerSecond = bytesPerSecond;
        this.capacity = Math.max(1024, bytesPerSecond / 4.0);
        this.lastRefillNanos = System.nanoTime();
    }

    public long bytesPerSecond() {
        return bytesPerSecond;
    }

    /** Blocks until {@code bytes} may be sent. Large amounts are taken in bucket-sized slices. */
    public void acquire(int bytes) throws InterruptedException {
        long left = bytes;
        while (left > 0) {
            long slice = (long) Math.min(left, capacity);
            take(slice);
            left -= slice;
        }
    }

    private void take(long n) throws InterruptedException {
        long waitNanos;
        synchronized (this) {
            refill();
            tokens -= n;
            waitNanos = tokens >= 0 ? 0 : (long) (-tokens * 1e9 / bytesPerSecond);
        }
        if (waitNanos > 0) {
            Thread.sleep(waitNanos / 1_000_000, (int) (waitNanos % 1_000_000));
        }
    }

    private void refill() {
        long now = System.nanoTime();
        tokens = Math.min(capacity, tokens + (now - lastRefillNanos) * bytesPerSecond / 1e9);
        lastRefillNanos = now;
    }
}
