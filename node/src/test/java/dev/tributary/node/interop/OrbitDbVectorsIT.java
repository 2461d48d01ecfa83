package dev.tributary.node.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.oplog.interop.OrbitDbVectors;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OrbitDB 4 writes the interop vectors again ({@code interop/orbitdb/generate.mjs}) and they are exactly the
 * checked-in ones ({@code core/src/test/resources/orbitdb/vectors.json}) that the Java tests read without
 * Node.js: so those tests test against what OrbitDB really does, and a change of OrbitDB's behaviour (or of
 * the script) shows here. Skipped without npm (see {@link OrbitDb#assumeAvailable()}).
 */
@Tag("interop")
class OrbitDbVectorsIT {
    @TempDir
    Path dir;

    @Test
    void orbitDbWritesTheCheckedInVectorsAgain() throws Exception {
        OrbitDb.assumeAvailable();
        Path regenerated = dir.resolve("vectors.json");
        OrbitDb.Run run = OrbitDb.run(dir, "generate.mjs", regenerated.toString());
        assertThat(run.exitCode()).as("generate.mjs exit code; its errors: %s", run.stderr()).isZero();

        JsonNode fresh = OrbitDbVectors.load(regenerated).json();
        JsonNode checkedIn = OrbitDbVectors.load().json();
        assertThat(firstDifference("", checkedIn, fresh))
                .as("the vectors OrbitDB writes now differ from core/src/test/resources/orbitdb/vectors.json; if the change "
                        + "is meant, regenerate them: interop/orbitdb/node_modules/.bin/node interop/orbitdb/generate.mjs "
                        + "core/src/test/resources/orbitdb/vectors.json")
                .isEmpty();
        assertThat(fresh).isEqualTo(checkedIn);
    }

    /**
     * The older, smaller set of format vectors ({@code core/src/test/resources/dev/tributary/oplog/vectors/
     * formats-4.0.0.json}: identities, signatures, entries, manifests and access lists made from OrbitDB's own
     * fixture keys) is what {@code interop/orbitdb/make-format-vectors.mjs} writes now, byte for byte.
     */
    @Test
    void orbitDbWritesTheCheckedInFormatVectorsAgain() throws Exception {
        OrbitDb.assumeAvailable();
        OrbitDb.Run run = OrbitDb.run(dir, "make-format-vectors.mjs");
        assertThat(run.exitCode()).as("make-format-vectors.mjs exit code; its errors: %s", run.stderr()).isZero();
        String checkedIn;
        try (java.io.InputStream in = dev.tributary.oplog.OrbitDbVectors.class
                .getResourceAsStream("vectors/formats-4.0.0.json")) {
            assertThat(in).as("formats-4.0.0.json on the test class path").isNotNull();
            checkedIn = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        assertThat(firstDifference("", json.readTree(checkedIn), json.readTree(run.stdout())))
                .as("make-format-vectors.mjs writes other vectors than core/src/test/resources/dev/tributary/oplog/"
                        + "vectors/formats-4.0.0.json; if the change is meant, regenerate them as the script says")
                .isEmpty();
        assertThat(run.stdout()).isEqualTo(checkedIn);
    }

    /** Where two JSON trees first differ, as a path and both values, or empty when they are equal. */
    static Optional<String> firstDifference(String path, JsonNode expected, JsonNode actual) {
        if (expected.equals(actual)) {
            return Optional.empty();
        }
        if (expected.isObject() && actual.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                if (!actual.has(f.getKey())) {
                    return Optional.of(path + "/" + f.getKey() + ": missing in the new vectors");
                }
                Optional<String> d = firstDifference(path + "/" + f.getKey(), f.getValue(), actual.get(f.getKey()));
                if (d.isPresent()) {
                    return d;
                }
            }
            for (Iterator<String> it = actual.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                if (!expected.has(name)) {
                    return Optional.of(path + "/" + name + ": new in the new vectors");
                }
            }
        }
        if (expected.isArray() && actual.isArray()) {
            for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
                Optional<String> d = firstDifference(path + "/" + i, expected.get(i), actual.get(i));
                if (d.isPresent()) {
                    return d;
                }
            }
        }
        return Optional.of(path + ": checked in " + abbreviate(expected) + ", now " + abbreviate(actual));
    }

    private static String abbreviate(JsonNode node) {
        String text = node.toString();
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }
}
