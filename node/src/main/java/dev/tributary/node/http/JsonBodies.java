package dev.tributary.node.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.javalin.http.Context;
import java.io.IOException;

/**
 * Reads a request's JSON body into a record, strictly, or says in the user's terms what is wrong with it. Strict:
 * a number is not taken from a string ({@code {"blocks": "5"}}) nor from a fraction ({@code {"blocks": 1.5}}), a
 * string not from a number, a field the form does not have is refused, so is a field given twice
 * ({@code {"name": "a", "name": "b"}}, which would otherwise take the last silently), and nothing may follow the JSON
 * value.
 */
public final class JsonBodies {
    private static final ObjectMapper JSON = strictMapper();

    private JsonBodies() {
    }

    /** Jackson set to take each value only in its own JSON type. */
    static ObjectMapper strictMapper() {
        ObjectMapper mapper = JsonMapper.builder()
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        for (LogicalType type : new LogicalType[] {LogicalType.Integer, LogicalType.Float, LogicalType.Textual,
                LogicalType.Boolean}) {
            mapper.coercionConfigFor(type)
                    .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        }
        // A value of its own type is taken as it is (the rules above are for the other shapes).
        mapper.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.Integer, CoercionAction.TryConvert);
        mapper.coercionConfigFor(LogicalType.Float).setCoercion(CoercionInputShape.Float, CoercionAction.TryConvert)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.TryConvert);
        mapper.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.String, CoercionAction.TryConvert);
        mapper.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Boolean, CoercionAction.TryConvert);
        return mapper;
    }

    /**
     * The body as {@code type}.
     *
     * @param form the body's documented form, for the error message
     * @throws BadRequest when the body is empty, not JSON, or not of the form
     */
    public static <T> T read(Context ctx, Class<T> type, String form) {
        return read(utf8(ctx.bodyAsBytes()), type, form);
    }

    /**
     * The body's bytes as text, strictly: bytes that are not UTF-8 (Latin-1 text, say) are refused, where a lenient
     * decoding would store U+FFFD in their place without a word.
     *
     * @throws BadRequest naming the first byte that is not part of a UTF-8 character
     */
    static String utf8(byte[] body) {
        java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(body);
        java.nio.CharBuffer out = java.nio.CharBuffer.allocate(body.length);
        java.nio.charset.CoderResult r = java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT).decode(in, out, true);
        if (r.isError()) {
            throw new BadRequest(String.format("the body is not UTF-8 text, as JSON is: byte %d (0x%02x) is not part"
                    + " of a UTF-8 character", in.position(), body[in.position()] & 0xff));
        }
        return out.flip().toString();
    }

    /** {@link #read(Context, Class, String)} of a body already read. */
    static <T> T read(String body, Class<T> type, String form) {
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
            throw new BadRequest(explain(e, form));
        }
    }

    /** What is wrong with the body, in JSON's terms, never Java's. */
    static String explain(JsonProcessingException e, String form) {
        if (e instanceof JsonMappingException m && m.getCause() instanceof StreamReadException r) {
            return explain(r, form);
        }
        if (e instanceof UnrecognizedPropertyException u) {
            return "unknown field \"" + u.getPropertyName() + "\"; the body is " + form;
        }
        if (e instanceof InputCoercionException c) {
            return field(c.getProcessor()) + " is out of range; the body is " + form;
        }
        if (e instanceof JsonMappingException m && m.getCause() instanceof InputCoercionException c) {
            return field(c.getProcessor()) + " is out of range; the body is " + form;
        }
        if (e instanceof MismatchedInputException m && m.getOriginalMessage().startsWith("Trailing token")) {
            return "the body goes on after its JSON value; the body is " + form;
        }
        if (e instanceof MismatchedInputException m) {
            String name = m.getPath().isEmpty() ? null : m.getPath().get(m.getPath().size() - 1).getFieldName();
            String found = found(m.getProcessor());
            if (name == null) {
                return "the body must be a JSON object of the form " + form + (found.isEmpty() ? "" : ", not " + found);
            }
            return "\"" + name + "\" must be " + kind(m.getTargetType()) + (found.isEmpty() ? "" : ", not " + found)
                    + "; the body is " + form;
        }
        if (e instanceof JsonMappingException) {
            return "the body is not of the form " + form;
        }
        if (e instanceof StreamReadException r) {
            return "the body is not JSON of the form " + form + ": " + JsonSyntax.describe(r);
        }
        return "the body is not JSON of the form " + form;
    }

    private static String field(Object processor) {
        if (processor instanceof JsonParser p) {
            try {
                String name = p.currentName();
                return name != null ? "\"" + name + "\" (" + p.getText() + ")" : "a number (" + p.getText() + ")";
            } catch (IOException e) {
                return "a number";
            }
        }
        return "a number";
    }

    /** The JSON type the form wants for a Java type. */
    private static String kind(Class<?> type) {
        if (type == null) {
            return "another type";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class
                || type == Short.class || type == short.class) {
            return "a whole number";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
            return "a number";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type.isArray() || java.util.Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        return "an object";
    }

    /** The JSON value the parser stands on, as the message quotes it. */
    private static String found(Object processor) {
        if (!(processor instanceof JsonParser p) || p.currentToken() == null) {
            return "";
        }
        JsonToken t = p.currentToken();
        try {
            return switch (t) {
                case VALUE_STRING -> "the string \"" + p.getText() + "\"";
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> p.getText();
                case VALUE_TRUE, VALUE_FALSE -> p.getText();
                case VALUE_NULL -> "null";
                case START_ARRAY -> "an array";
                case START_OBJECT, FIELD_NAME -> "an object";
                default -> "";
            };
        } catch (IOException e) {
            return "";
        }
    }
}
