package dev.tributary.oplog.recon;

import java.util.Arrays;

/**
 * The items of one replica in (time, id) order, packed in arrays (40 bytes an item: a time and a 32-byte id), so a
 * million items take 40 MB and no object each. Adding in order (the common case: entries arrive newest last) is an
 * append; an item out of order is inserted. Thread-safe: every method is synchronized, since a log's writer adds
 * while the protocol reads.
 */
public final class SortedItems {
    /** Bytes of an id. */
    public static final int ID_BYTES = 32;

    private long[] times = new long[16];
    /** Four little-endian words per id: word k holds bytes 8k..8k+7 of the id, byte 8k the least significant. */
    private long[] words = new long[64];
    private int size;

    public synchronized int size() {
        return size;
    }

    /** Adds (time, id) unless present; returns whether it was added. */
    public synchronized boolean add(long time, byte[] id) {
        if (id.length != ID_BYTES) {
            throw new IllegalArgumentException("an id has 32 bytes, got " + id.length);
        }
        if (time < 0 || time == Long.MAX_VALUE) {
            throw new IllegalArgumentException("an item's time is 0 .. 2^63-2, got " + time);
        }
        int at;
        if (size == 0 || compareAt(size - 1, time, id) < 0) {
            at = size;
        } else {
            at = lowerBound(time, id);
            if (at < size && compareAt(at, time, id) == 0) {
                return false;
            }
        }
        if (size == times.length) {
            times = Arrays.copyOf(times, size * 2);
            words = Arrays.copyOf(words, size * 8);
        }
        if (at < size) {
            System.arraycopy(times, at, times, at + 1, size - at);
            System.arraycopy(words, at * 4, words, at * 4 + 4, (size - at) * 4);
        }
        times[at] = time;
        for (int k = 0; k < 4; k++) {
            words[at * 4 + k] = word(id, k);
        }
        size++;
        return true;
    }

    public synchronized boolean contains(long time, byte[] id) {
        int at = lowerBound(time, id);
        return at < size && compareAt(at, time, id) == 0;
    }

    public synchronized long time(int index) {
        return times[index];
    }

    public synchronized byte[] id(int index) {
        byte[] out = new byte[ID_BYTES];
        for (int k = 0; k < 4; k++) {
            long w = words[index * 4 + k];
            for (int b = 0; b < 8; b++) {
                out[k * 8 + b] = (byte) (w >>> (8 * b));
            }
        }
        return out;
    }

    /** The index of the first item at or after {@code bound} (size when none). */
    public synchronized int lowerBound(Bound bound) {
        if (bound.isInfinity()) {
            return size;
        }
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (bound.compareToItem(times[mid], id(mid)) > 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private int lowerBound(long time, byte[] id) {
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (compareAt(mid, time, id) < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Fingerprint of the items with index in [from, to). */
    public synchronized Fingerprint fingerprint(int from, int to) {
        Fingerprint f = new Fingerprint();
        for (int i = from; i < to; i++) {
            f.add(words[i * 4], words[i * 4 + 1], words[i * 4 + 2], words[i * 4 + 3]);
        }
        return f;
    }

    /** The shortest bound that separates item {@code index - 1} from item {@code index} (0 < index < size). */
    synchronized Bound boundBefore(int index) {
        return Bound.between(times[index - 1], id(index - 1), times[index], id(index));
    }

    /** Compares item {@code index} with (time, id). */
    private int compareAt(int index, long time, byte[] id) {
        int c = Long.compare(times[index], time);
        if (c != 0) {
            return c;
        }
        for (int k = 0; k < 4; k++) {
            // bytes 8k..8k+7, most significant first in the order: compare byte by byte
            long a = words[index * 4 + k];
            long b = word(id, k);
            if (a != b) {
                for (int bt = 0; bt < 8; bt++) {
                    int x = (int) (a >>> (8 * bt)) & 0xff;
                    int y = (int) (b >>> (8 * bt)) & 0xff;
                    if (x != y) {
                        return Integer.compare(x, y);
                    }
                }
            }
        }
        return 0;
    }

    static long word(byte[] id, int k) {
        long w = 0;
        for (int b = 7; b >= 0; b--) {
            w = (w << 8) | (id[k * 8 + b] & 0xff);
        }
        return w;
    }
}
