package dev.tributary.node.records;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * What the streaming readers of Tributary's JSON ({@link JsonFeedStream}, {@link JsonSkim}) share: they read only the
 * shape {@link JsonFormat} writes, and where a document leaves it they stop ({@link NotCanonical}) and the caller reads
 * the document as a tree, which decides what it means or why it is refused.
 */
final class CanonicalJson {
    private CanonicalJson() {
    }

    /** Thrown where a streamed document leaves the shape Tributary writes. */
    static final class NotCanonical extends Exception {
        private static final long serialVersionUID = 1L;

        NotCanonical() {
            super(null, null, false, false);
        }
    }

    /**
     * The text of the current token {@code t} of {@code p}: a string's, or null for a JSON null.
     *
     * @throws NotCanonical for any other token
     */
    static String string(JsonParser p, JsonToken t) throws IOException, NotCanonical {
        if (t == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        throw new NotCanonical();
    }
}
