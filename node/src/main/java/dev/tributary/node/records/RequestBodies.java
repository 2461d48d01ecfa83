package dev.tributary.node.records;

import java.util.Locale;

/**
 * How the record routes and the event manager read a POST body, by its {@code Content-Type}: Atom XML for
 * {@code application/atom+xml}, {@code application/xml} (and {@code text/xml}, {@code ...+xml}), JSON for
 * {@code application/json} (and {@code ...+json}). A body without a type, or typed
 * {@code application/x-www-form-urlencoded} (what {@code curl -d} sends unless told otherwise), is read as what it
 * starts with ({@code <} or <code>{</code>). Any other type is answered 415 naming the types taken; no body, 400.
 */
final class RequestBodies {
    /** What a body is. */
    enum Kind { XML, JSON }

    private RequestBodies() {
    }

    /**
     * What {@code body}, sent with {@code contentType} (null when none), is.
     *
     * @param xmlTaken whether the route takes XML as well as JSON
     * @throws RecordsRoutes.Refusal 400 for no body, 415 for a type the route does not take
     */
    static Kind kind(String contentType, byte[] body, boolean xmlTaken) throws RecordsRoutes.Refusal {
        if (body.length == 0) {
            throw new RecordsRoutes.Refusal(400, "emptyBody", "the request has no body");
        }
        String mime = contentType == null ? "" : contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (mime.equals("application/json") || mime.endsWith("+json")) {
            return Kind.JSON;
        }
        if (xmlTaken && (mime.equals("application/xml") || mime.equals("text/xml") || mime.endsWith("+xml"))) {
            return Kind.XML;
        }
        if (mime.isEmpty() || mime.equals("application/x-www-form-urlencoded")) {
            int first = firstNonBlank(body);
            if (first == '{' || first == '[') {
                return Kind.JSON;
            }
            if (xmlTaken && first == '<') {
                return Kind.XML;
            }
        }
        String taken = xmlTaken ? "Atom XML (Content-Type: application/atom+xml or application/xml) or JSON"
                + " (Content-Type: application/json)" : "JSON (Content-Type: application/json)";
        throw new RecordsRoutes.Refusal(415, "unsupportedMediaType", "the body must be " + taken + ", not "
                + (mime.isEmpty() ? "a body without a Content-Type that starts with neither " + (xmlTaken ? "< nor {"
                : "{ nor [") : mime));
    }

    private static int firstNonBlank(byte[] body) {
        int i = 0;
        // a UTF-8 byte order mark
        if (body.length >= 3 && (body[0] & 0xff) == 0xef && (body[1] & 0xff) == 0xbb && (body[2] & 0xff) == 0xbf) {
            i = 3;
        }
        for (; i < body.length; i++) {
            if (!Character.isWhitespace(body[i])) {
                return body[i];
            }
        }
        return -1;
    }
}
