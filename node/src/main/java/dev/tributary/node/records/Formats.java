package dev.tributary.node.records;

import io.javalin.http.Context;
import java.util.Locale;

/**
 * Which representation a request uses: JSON ({@link JsonFormat}) when {@code ?format=} names JSON, or the
 * {@code Accept} header or the body's {@code Content-Type} is a JSON type, or the body is JSON
 * ({@link RequestBodies}); else Atom XML ({@link XmlFormat}). One
 * choice per request: a JSON consumer sends and receives JSON.
 */
final class Formats {
    private static final RecordsFormat XML = new XmlFormat();
    private static final RecordsFormat JSON = new JsonFormat();
    /** The request attribute holding what the body was read as ({@link RequestBodies.Kind}), once it was. */
    private static final String BODY = "tributary.records.body";

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
        Boolean accepted = prefersJson(ctx.header("Accept"));
        if (accepted != null) {
            return accepted ? JSON : XML;
        }
        return isJson(ctx.header("Content-Type")) || ctx.attribute(BODY) == RequestBodies.Kind.JSON ? JSON : XML;
    }

    /**
     * What an {@code Accept} header prefers: true for a JSON type, false for another named type, null when it names
     * none (absent, or wildcards only), so that the body's type decides. The type of highest {@code q} wins, the
     * first listed among equals.
     */
    static Boolean prefersJson(String accept) {
        if (accept == null) {
            return null;
        }
        String best = null;
        double bestQ = 0;
        for (String range : accept.split(",")) {
            String[] parts = range.split(";");
            String type = parts[0].strip().toLowerCase(Locale.ROOT);
            if (type.isEmpty() || type.startsWith("*/")) {
                continue;
            }
            double q = 1;
            for (int i = 1; i < parts.length; i++) {
                String p = parts[i].strip();
                if (p.startsWith("q=") || p.startsWith("Q=")) {
                    try {
                        q = Double.parseDouble(p.substring(2));
                    } catch (NumberFormatException e) {
                        q = 0;
                    }
                }
            }
            if (q > bestQ) {
                best = type;
                bestQ = q;
            }
        }
        return best == null ? null : isJson(best);
    }

    /**
     * Checks {@code ?format=}: absent, or naming JSON ({@code json}) or Atom XML ({@code atom}, {@code xml}), such
     * as {@code application/json} or {@code atom}.
     *
     * @throws RecordsRoutes.Refusal 400 for any other value, saying what it takes
     */
    static void checkParameter(Context ctx) throws RecordsRoutes.Refusal {
        String format = ctx.queryParam("format");
        if (format == null) {
            return;
        }
        String f = format.toLowerCase(Locale.ROOT);
        if (!f.contains("json") && !f.contains("atom") && !f.contains("xml")) {
            throw new RecordsRoutes.Refusal(400, RecordsRoutes.Refusal.BAD_QUERY_PARAMETER, "badFormat", "format must name json or atom (e.g. ?format=json or"
                    + " ?format=application/atom+xml), not '" + format + "'");
        }
    }

    /**
     * What the request's body is ({@link RequestBodies#kind}), remembered for the answer's format.
     *
     * @throws RecordsRoutes.Refusal when the route cannot read it
     */
    static RequestBodies.Kind body(Context ctx, byte[] body, boolean xmlTaken) throws RecordsRoutes.Refusal {
        RequestBodies.Kind kind = RequestBodies.kind(ctx.header("Content-Type"), body, xmlTaken);
        ctx.attribute(BODY, kind);
        return kind;
    }

    private static boolean isJson(String mediaType) {
        return mediaType != null && mediaType.toLowerCase(Locale.ROOT).contains("json");
    }
}
