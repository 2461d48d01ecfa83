package dev.tributary.node.records;

import io.javalin.http.Context;
import java.util.Locale;

/**
 * Which representation a request uses: JSON ({@link JsonFormat}) when {@code ?format=} names JSON, or the
 * {@code Accept} header or the body's {@code Content-Type} is a JSON type; else Atom XML ({@link XmlFormat}). One
 * choice per request: a JSON consumer sends and receives JSON.
 */
final class Formats {
    private static final RecordsFormat XML = new XmlFormat();
    private static final RecordsFormat JSON = new JsonFormat();

    private Formats() {
    }

    /** The specification's Atom XML. */
    static RecordsFormat xml() {
        return XML;
    }

    /** Tributary's JSON extension. */
    static RecordsFormat json() {
        return JSON;
    }

    /** The format of a body of media type {@code contentType}: JSON for a JSON type, else Atom XML. */
    static RecordsFormat ofType(String contentType) {
        return isJson(contentType) ? JSON : XML;
    }

    static RecordsFormat of(Context ctx) {
        String format = ctx.queryParam("format");
        if (format != null) {
            return isJson(format) ? JSON : XML;
        }
        return isJson(ctx.header("Accept")) || isJson(ctx.header("Content-Type")) ? JSON : XML;
    }

    private static boolean isJson(String mediaType) {
        return mediaType != null && mediaType.toLowerCase(Locale.ROOT).contains("json");
    }
}
