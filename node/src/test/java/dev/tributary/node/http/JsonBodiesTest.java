package dev.tributary.node.http;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Bodies that are not JSON are described in JSON's terms, without the Java names Jackson's messages carry. */
class JsonBodiesTest {
    /** A form for the tests, as the database routes' put takes. */
    record Form(String key, com.fasterxml.jackson.databind.JsonNode value) {
    }

    private static final String FORM = "{\"key\": text, \"value\": JSON}";

    @Test
    void anUnclosedArrayIsPlacedWithoutJavaNames() {
        assertThatThrownBy(() -> JsonBodies.read("{\"key\": \"a\", \"value\": [1,2", Form.class, FORM))
                .hasMessageStartingWith("the body is not JSON of the form " + FORM + ": ")
                .hasMessageEndingWith(": expected ] to close the array opened at line 1, column 23, found the end of the"
                        + " text (line 1, column 27)");
        assertThatThrownBy(() -> JsonBodies.read("{\"key\": \"a\", \"value\": blue}", Form.class, FORM))
                .hasMessage("the body is not JSON of the form " + FORM + ": expected " + JsonSyntax.A_VALUE
                        + ", found 'blue' (line 1, column 23)");
    }

    @Test
    void aBodyThatIsNotUtf8IsRefusedNamingTheByte() {
        byte[] latin1 = "{\"value\": \"caf\u00e9\"}".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> JsonBodies.utf8(latin1))
                .hasMessage("the body is not UTF-8 text, as JSON is: byte 14 (0xe9) is not part of a UTF-8 character");
        org.assertj.core.api.Assertions.assertThat(JsonBodies.utf8(
                "{\"value\": \"caf\u00e9 \ud83d\ude00\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .isEqualTo("{\"value\": \"caf\u00e9 \ud83d\ude00\"}");
    }

    @Test
    void aFieldGivenTwiceIsRefusedNamingIt() {
        assertThatThrownBy(() -> JsonBodies.read("{\"key\": \"a\", \"key\": \"b\"}", Form.class, FORM))
                .hasMessage("the body is not JSON of the form " + FORM + ": the field \"key\" appears twice in one"
                        + " object (line 1, column 19)");
        assertThatThrownBy(() -> JsonBodies.read("{\"key\": \"a\", \"value\": 1, \"value\": 2}", Form.class, FORM))
                .hasMessageContaining("the field \"value\" appears twice in one object");
    }

    @Test
    void noMalformedBodyShowsJavaNames() {
        for (String bad : List.of("{\"key\": \"a\", \"value\": [1,2", "{\"key\": ", "{key: 1}", "[1]]", "{\"key\": \"a\"]",
                "{\"key\": \"\\q\"}", "{\"key\": \"a\"} {}", "nope")) {
            assertThatThrownBy(() -> JsonBodies.read(bad, Form.class, FORM)).as(bad)
                    .message().doesNotContain("`").doesNotContain("Source").doesNotContain("REDACTED")
                    .doesNotContainPattern("\\b[a-z]+\\.[a-z]+\\.[a-z]+").doesNotContain("Unexpected")
                    .doesNotContain("Unrecognized").doesNotContain("marker").doesNotContain("code ");
        }
    }
}
