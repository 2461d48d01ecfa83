package dev.tributary.node.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;

/** Reads a request's JSON body into a record, or says in the user's terms what is wrong with it. */
public final class JsonBodies {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonBodies() {
    }

    /**
     * The body as {@code type}.
     *
     * @param form the body's documented form, for the error message
     * @throws BadRequest when the body is empty, not JSON, or not of the form
     */
    public static <T> T read(Context ctx, Class<T> type, String form) {
        String body = ctx.body();
        if (body.isBlank()) {
            throw new BadRequest("the request needs a JSON body " + form);
        }
        try {
            T value = JSON.readValue(body, type);
            if (value == null) {
                throw new BadRequest("the request needs a JSON body " + form);
            }
            return value;
        } catch (JsonProcessingException e) {
            throw new BadRequest("the body is not JSON of the form " + form + ": " + e.getOriginalMessage());
        }
    }
}
