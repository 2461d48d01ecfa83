package dev.tributary.node.http;

import io.javalin.http.Context;
import java.util.List;
import java.util.OptionalInt;

/**
 * Checks of a request's query parameters, for routes that answer a malformed one 400 rather than ignore it: a
 * route's only parameters, and a whole number in a range. Its words are the API's for a number in a range, in the
 * query or in a JSON body: {@code limit must be from 1 to 1000, not 0}, {@code limit must be a whole number from 1 to
 * 1000, not 'abc'} ({@link #mustBe}).
 */
public final class QueryParameters {
    private QueryParameters() {
    }

    /**
     * Checks that the request names no query parameter but {@code taken}.
     *
     * @throws IllegalArgumentException naming the first other parameter and those {@code route} takes
     */
    public static void only(Context ctx, String route, String... taken) {
        List<String> known = List.of(taken);
        for (String name : ctx.queryParamMap().keySet()) {
            if (!known.contains(name)) {
                throw new IllegalArgumentException("unknown query parameter '" + name + "'; " + route
                        + (known.isEmpty() ? " takes none" : " takes " + String.join(", ", known.stream()
                                .map(k -> "?" + k + "=").toList())));
            }
        }
    }

    /**
     * Query parameter {@code name} as a whole number from {@code min} to {@code max}, or empty when absent.
     *
     * @throws IllegalArgumentException when it is present but not such a number, saying what it must be
     */
    public static OptionalInt wholeNumber(Context ctx, String name, int min, int max) {
        String text = ctx.queryParam(name);
        if (text == null) {
            return OptionalInt.empty();
        }
        long value;
        try {
            value = Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(mustBe(name, "a whole number ", min, max) + ", not '" + text + "'");
        }
        if (value < min || value > max) {
            throw new IllegalArgumentException(mustBe(name, "", min, max) + ", not " + text.strip());
        }
        return OptionalInt.of((int) value);
    }

    /**
     * {@code NAME must be KIND from MIN to MAX} ({@code MIN or more} when {@code max} is {@link Integer#MAX_VALUE}),
     * for the API's errors of a number out of range, followed by {@code , not VALUE}.
     *
     * @param kind empty, or what the value must be with a space after it ({@code "a whole number "})
     */
    public static String mustBe(String name, String kind, long min, long max) {
        return name + " must be " + kind + (max == Integer.MAX_VALUE ? min + " or more" : "from " + min + " to " + max);
    }
}
