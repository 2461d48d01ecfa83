package dev.tributary.node.records;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Tells whether the answer to {@code GET URL/$syncDigest} came from an SData record collection. A URL that is not
 * one (a node's root, another service's route, another web server) answers with something else: a 404 listing the
 * server's routes, an HTML page, some other JSON. The engine then says in one line that the URL is not a collection
 * and what a collection URL looks like, rather than quoting that answer.
 */
final class CollectionCheck {
    private CollectionCheck() {
    }

    /**
     * Checks the answer of {@code collection}'s digest request.
     *
     * @param role "source" or "target"
     * @throws NotACollection when the answer is neither a digest nor an SData endpoint's diagnoses (a server error,
     *     5xx, is left to the caller: it may be a proxy's, before a collection)
     */
    static void check(URI collection, String role, int status, byte[] body) throws NotACollection {
        String text = new String(body, 0, Math.min(body.length, 4096), StandardCharsets.UTF_8);
        if (status >= 500 || isSData(text)) {
            return;
        }
        String start = text.stripLeading().toLowerCase(Locale.ROOT);
        String answer = start.startsWith("<!doctype html") || start.startsWith("<html") ? "an HTML page" : "no digest";
        throw new NotACollection("the " + role + " " + collection + " is not an SData record collection (GET $syncDigest"
                + " there answered " + status + ", " + answer + "); a collection URL looks like "
                + example(collection));
    }

    /** Whether a digest answer is one an SData endpoint gives: its digest, or diagnoses, in Atom XML or JSON. */
    private static boolean isSData(String text) {
        return text.contains("schemas.sage.com/sdata") || text.contains("\"$diagnoses\"") || text.contains("\"$digest\"")
                || text.contains("\"$resources\"");
    }

    /** A collection URL on {@code collection}'s server: {@code http://HOST:PORT/records/KIND}. */
    static String example(URI collection) {
        String scheme = collection.getScheme() == null ? "http" : collection.getScheme();
        String authority = collection.getRawAuthority() == null ? "HOST:PORT" : collection.getRawAuthority();
        return scheme + "://" + authority + "/records/KIND";
    }
}
