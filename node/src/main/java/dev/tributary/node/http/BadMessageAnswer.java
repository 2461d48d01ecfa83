package dev.tributary.node.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.util.Map;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * The answer to a request Jetty refuses before any route sees it (a {@code Content-Length} that is not a number, a
 * path with {@code %2e%2e} segments, headers too large): a JSON {@code {"error": "..."}} with Jetty's status, like
 * every other error of the API, in place of Jetty's HTML page ({@code <h1>Bad Message 400</h1>}).
 */
final class BadMessageAnswer extends ErrorHandler {
    private final ObjectMapper json = new ObjectMapper();

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, "application/json");
        String why = reason == null || reason.isBlank() ? org.eclipse.jetty.http.HttpStatus.getMessage(status) : reason;
        try {
            return ByteBuffer.wrap(json.writeValueAsBytes(Map.of("error", "the request cannot be read: " + why)));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
