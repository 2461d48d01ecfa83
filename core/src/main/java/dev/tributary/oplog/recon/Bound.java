package dev.tributary.oplog.recon;

import java.util.Arrays;

/**
 * A position in the (time, id) order: every item strictly below it comes before. {@code idPrefix} has 0 to 32
 * bytes; a shorter prefix stands for the prefix followed by zero bytes. {@link #INFINITY} is after every item.
 *
 * @param time     a clock time, or {@link Long#MAX_VALUE} for infinity
 * @param idPrefix the first bytes of an id (0 to 32)
 */
public record Bound(long time, byte[] idPrefix) {
    /** After every item. */
    public static final Bound INFINITY = new Bound(Long.MAX_VALUE, new byte[0]);
    /** Before every item. */
    public static final Bound ZERO = new Bound(0, new byte[0]);

    public Bound {
        if (time < 0) {
            throw new IllegalArgumentException("a bound's time is never negative, got " + time);
        }
        if (idPrefix.length > SortedItems.ID_BYTES) {
            throw new IllegalArgumentException("a bound's id prefix has at most 32 bytes, got " + idPrefix.length);
        }
    }

    public boolean isInfinity() {
        return time == Long.MAX_VALUE;
    }

    /** Compares this bound with the item (time, id): negative when the bound comes first (item at or after it). */
    int compareToItem(long itemTime, byte[] id) {
        int c = Long.compare(time, itemTime);
        if (c != 0) {
            return c;
        }
        for (int i = 0; i < SortedItems.ID_BYTES; i++) {
            int a = i < idPrefix.length ? idPrefix[i] & 0xff : 0;
            int b = id[i] & 0xff;
            if (a != b) {
                return Integer.compare(a, b);
            }
        }
        return 0;
    }

    /** Order of bounds. */
    int compareTo(Bound o) {
        int c = Long.compare(time, o.time);
        if (c != 0) {
            return c;
        }
        byte[] a = Arrays.copyOf(idPrefix, SortedItems.ID_BYTES);
        byte[] b = Arrays.copyOf(o.idPrefix, SortedItems.ID_BYTES);
        return Arrays.compareUnsigned(a, b);
    }

    /**
     * The shortest bound between two consecutive items {@code prev < next}: next's time with no prefix if the times
     * differ, else the shortest prefix of next's id that is greater than prev's.
     */
    static Bound between(long prevTime, byte[] prevId, long nextTime, byte[] nextId) {
        if (prevTime != nextTime) {
            return new Bound(nextTime, new byte[0]);
        }
        int shared = 0;
        while (shared < SortedItems.ID_BYTES && prevId[shared] == nextId[shared]) {
            shared++;
        }
        return new Bound(nextTime, Arrays.copyOf(nextId, Math.min(SortedItems.ID_BYTES, shared + 1)));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Bound b && b.time == time && Arrays.equals(b.idPrefix, idPrefix);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(time) * 31 + Arrays.hashCode(idPrefix);
    }

    @Override
    public String toString() {
        return isInfinity() ? "inf" : time + ":" + java.util.HexFormat.of().formatHex(idPrefix);
    }
}
