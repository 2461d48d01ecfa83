package dev.tributary.records;

import java.time.Instant;
import java.time.LocalDate;

/**
 * Reads instants in the one form {@link Instant#toString()} writes for years 0000 to 9999:
 * {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z}. Every sync state carries such a stamp, so a page of a thousand records reads
 * a thousand of them; this reads one in a few dozen nanoseconds where {@code java.time}'s formatters take a
 * microsecond or more. Anything else (another zone, a leap second, no {@code Z}) is left to the caller's general
 * parser: {@link #parse} answers null.
 */
public final class CanonicalInstant {
    private CanonicalInstant() {
    }

    /** The instant {@code t} names in the canonical form, or null when {@code t} is in another form or out of range. */
    public static Instant parse(CharSequence t) {
        int n = t.length();
        if (n < 20 || t.charAt(4) != '-' || t.charAt(7) != '-' || t.charAt(10) != 'T' || t.charAt(13) != ':'
                || t.charAt(16) != ':' || t.charAt(n - 1) != 'Z') {
            return null;
        }
        int year = digits(t, 0, 4);
        int month = digits(t, 5, 2);
        int day = digits(t, 8, 2);
        int hour = digits(t, 11, 2);
        int minute = digits(t, 14, 2);
        int second = digits(t, 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0
                || minute > 59 || second < 0 || second > 59) {
            return null;
        }
        int nanos = 0;
        if (n > 20) {
            int fraction = n - 21;
            if (t.charAt(19) != '.' || fraction < 1 || fraction > 9) {
                return null;
            }
            int f = digits(t, 20, fraction);
            if (f < 0) {
                return null;
            }
            for (int i = fraction; i < 9; i++) {
                f *= 10;
            }
            nanos = f;
        } else if (t.charAt(19) != 'Z') {
            return null;
        }
        if (day > 28 && day > LocalDate.of(year, month, 1).lengthOfMonth()) {
            return null;
        }
        long days = LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(days * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
    }

    /** The decimal number of {@code count} ASCII digits at {@code from}, or -1 when one of them is not a digit. */
    private static int digits(CharSequence t, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            int d = t.charAt(i) - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            v = v * 10 + d;
        }
        return v;
    }
}
