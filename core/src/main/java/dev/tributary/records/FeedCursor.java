package dev.tributary.records;

import java.util.Optional;

/**
 * Where the next page of a source's feed starts: the index of the selection's {@link TickRange} and the first tick
 * in it not yet sent. A keyset position, not an offset, so records changing during a pass never shift a page. Its
 * {@link #token()} is what a {@code next} link carries.
 */
public record FeedCursor(int range, long fromTick) {
    /** The start of a feed. */
    public static final FeedCursor START = new FeedCursor(0, -1);

    public FeedCursor {
        if (range < 0) {
            throw new IllegalArgumentException("negative range index " + range);
        }
    }

    /** The cursor as a short opaque token ({@code range.tick}), safe in a URL. */
    public String token() {
        return range + "." + fromTick;
    }

    /** The cursor a {@link #token()} names, or empty when {@code token} is not one. */
    public static Optional<FeedCursor> parse(String token) {
        if (token == null) {
            return Optional.empty();
        }
        int dot = token.indexOf('.');
        if (dot <= 0 || dot == token.length() - 1) {
            return Optional.empty();
        }
        try {
            int range = Integer.parseInt(token.substring(0, dot));
            long tick = Long.parseLong(token.substring(dot + 1));
            return range < 0 || tick < -1 ? Optional.empty() : Optional.of(new FeedCursor(range, tick));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
