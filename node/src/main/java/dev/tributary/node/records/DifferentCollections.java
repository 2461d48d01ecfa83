package dev.tributary.node.records;

import java.net.URI;
import java.util.Locale;

/**
 * The source and the target are collections of different names ({@code .../records/customers} and
 * {@code .../records/orders}): a sync between them would write the source's rows over the target's rows of the same
 * keys, since it keys rows by their key alone. Refused where the caller asked to sync one collection only (the
 * command line does, unless told otherwise); a {@link NotACollection} of a kind, as asking again does not help: the
 * live engine stops on it.
 */
public final class DifferentCollections extends NotACollection {
    private static final long serialVersionUID = 1L;

    private DifferentCollections(String message) {
        super(message);
    }

    /**
     * Checks that {@code source} and {@code target} name the same collection, but for the letter case.
     *
     * @throws DifferentCollections naming both when they do not
     */
    static void check(URI source, URI target) throws DifferentCollections {
        String from = nameOf(source);
        String to = nameOf(target);
        if (from != null && to != null && !from.toLowerCase(Locale.ROOT).equals(to.toLowerCase(Locale.ROOT))) {
            throw new DifferentCollections("the source is the collection '" + from + "' and the target the collection '"
                    + to + "': syncing them writes the rows of " + from + " over the rows of " + to
                    + " of the same keys");
        }
    }

    /**
     * The collection a URL names: its path's last segment ({@code customers} of {@code http://h:8080/records/customers/}),
     * as SData URLs end in the resource kind; null when the path has none.
     */
    static String nameOf(URI collection) {
        String path = collection.getPath() == null ? "" : collection.getPath();
        if (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        String last = path.substring(path.lastIndexOf('/') + 1);
        return last.isEmpty() ? null : last;
    }
}
