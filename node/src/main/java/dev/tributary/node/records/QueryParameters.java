package dev.tributary.node.records;

import io.javalin.http.Context;
import java.util.List;
import java.util.OptionalInt;

/**
 * Checks of a request's query parameters, for routes that answer a malformed one 400 rather than ignore it: a
 * route's only parameters, and a whole number in a range.
 */
final class QueryParameters {
    private QueryParameters() {
    }

    /**
     * Checks that the request names no query parameter but {@code taken}.
     *
     * @throws IllegalArgumentException naming the first other parameter and those {@code route} takes
     */
    static void only(Context ctx, String route, String... taken) {
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
    static OptionalInt wholeNumber(Context ctx, String name, int min, int max) {
        String text = ctx.queryParam(name);
        if (text == null) {
            return OptionalInt.empty();
        }
        String range = max == Integer.MAX_VALUE ? min + " or more" : "from " + min + " to " + max;
        long value;
        try {
            value = Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number " + range + ", not '" + text + "'");
        }
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be " + range + ", not " + text.strip());
        }
        return OptionalInt.of((int) value);
    }
}
