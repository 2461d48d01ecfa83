package dev.tributary.node.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.tributary.node.records.RequestBodies.Kind;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A body is read by its Content-Type: XML, JSON, or (no type, curl -d's type) what it starts with; else 415. */
class RequestBodiesTest {
    private static Kind kind(String type, String body) throws RecordsRoutes.Refusal {
        return RequestBodies.kind(type, body.getBytes(StandardCharsets.UTF_8), true);
    }

    private static RecordsRoutes.Refusal refusal(String type, String body, boolean xmlTaken) {
        return catchThrowableOfType(() -> RequestBodies.kind(type, body.getBytes(StandardCharsets.UTF_8), xmlTaken),
                RecordsRoutes.Refusal.class);
    }

    @Test
    void theTypeSaysWhatTheBodyIs() throws Exception {
        assertThat(kind("application/atom+xml; type=feed", "<feed/>")).isEqualTo(Kind.XML);
        assertThat(kind("application/xml", "<feed/>")).isEqualTo(Kind.XML);
        assertThat(kind("Application/JSON;vnd.sage=sdata", "{}")).isEqualTo(Kind.JSON);
        assertThat(kind("application/json", "not json")).as("the type is trusted; the reader says what is wrong")
                .isEqualTo(Kind.JSON);
    }

    @Test
    void withoutATypeOrWithCurlsFormTypeTheBodySaysWhatItIs() throws Exception {
        assertThat(kind("application/x-www-form-urlencoded", " {\"$diagnoses\": []}")).isEqualTo(Kind.JSON);
        assertThat(kind("application/x-www-form-urlencoded", "<feed/>")).isEqualTo(Kind.XML);
        assertThat(kind(null, "\n<feed/>")).isEqualTo(Kind.XML);
        assertThat(kind(null, "[1]")).isEqualTo(Kind.JSON);
    }

    @Test
    void anyOtherTypeIs415NamingTheTypesTaken() {
        RecordsRoutes.Refusal plain = refusal("text/plain", "<feed/>", true);
        assertThat(plain.status).isEqualTo(415);
        assertThat(plain).hasMessage("the body must be Atom XML (Content-Type: application/atom+xml or"
                + " application/xml) or JSON (Content-Type: application/json), not text/plain");
        assertThat(refusal("application/x-www-form-urlencoded", "a=b", true)).hasMessageEndingWith(
                ", not application/x-www-form-urlencoded");
        assertThat(refusal(null, "hello", true)).hasMessageEndingWith(", not a body without a Content-Type that"
                + " starts with neither < nor {");
        assertThat(refusal("application/xml", "<keys/>", false)).hasMessage("the body must be JSON (Content-Type:"
                + " application/json), not application/xml");
    }

    @Test
    void noBodyIs400() {
        RecordsRoutes.Refusal empty = refusal("application/json", "", true);
        assertThat(empty.status).isEqualTo(400);
        assertThat(empty).hasMessage("the request has no body");
    }
}
