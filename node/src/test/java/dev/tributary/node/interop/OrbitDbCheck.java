package dev.tributary.node.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The input of {@code interop/orbitdb/check.mjs} (blocks that Tributary wrote: identities, and per database its
 * address, manifest, access-controller manifest and entries) and its verdict: OrbitDB's own code opens each
 * database by address, joins the entries as it joins heads from a peer, and prints the resulting state.
 */
final class OrbitDbCheck {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();

    private final ObjectNode input = JSON.createObjectNode();
    private final ArrayNode identities = input.putArray("identities");
    private final ArrayNode databases = input.putArray("databases");

    /** What check.mjs said: {@code ok} with a state per database, or the reason OrbitDB refused. */
    record Verdict(int exitCode, JsonNode output, String stderr) {
        boolean ok() {
            return exitCode == 0 && output.path("ok").asBoolean(false);
        }

        String error() {
            return output.path("error").asText("");
        }

        /** The state of the i-th database: address, type, heads, values, all. */
        JsonNode database(int i) {
            return output.get("databases").get(i);
        }
    }

    /** Adds an identity block. */
    OrbitDbCheck identity(byte[] block) {
        identities.add(HEX.formatHex(block));
        return this;
    }

    /**
     * Adds a database: its address, manifest and access-controller manifest blocks, its entry blocks, and
     * the heads to join (empty: every entry no other entry's {@code next} names).
     */
    OrbitDbCheck database(String address, byte[] manifest, byte[] accessController, Optional<String> indexBy,
            Collection<byte[]> entries, List<String> heads) {
        ObjectNode db = databases.addObject();
        db.put("address", address);
        db.put("manifest", HEX.formatHex(manifest));
        db.put("accessController", HEX.formatHex(accessController));
        indexBy.ifPresent(field -> db.put("indexBy", field));
        ArrayNode e = db.putArray("entries");
        entries.forEach(bytes -> e.add(HEX.formatHex(bytes)));
        if (!heads.isEmpty()) {
            ArrayNode h = db.putArray("heads");
            heads.forEach(h::add);
        }
        return this;
    }

    /** Runs check.mjs on this input (written under {@code dir}), every block also required in canonical form. */
    Verdict run(Path dir) throws IOException, InterruptedException {
        return run(dir, false);
    }

    /**
     * Runs check.mjs on this input; {@code orbitdbOnly}: with OrbitDB's own checks only, without check.mjs's
     * demand of canonical blocks.
     */
    Verdict run(Path dir, boolean orbitdbOnly) throws IOException, InterruptedException {
        Path file = Files.createTempFile(dir, "check-input", ".json");
        JSON.writeValue(file.toFile(), input);
        OrbitDb.Run run = orbitdbOnly ? OrbitDb.run(dir, "check.mjs", "--orbitdb-only", file.toString())
                : OrbitDb.run(dir, "check.mjs", file.toString());
        assertThat(run.stdout()).as("check.mjs printed nothing; exit code %d, errors: %s", run.exitCode(), run.stderr())
                .isNotBlank();
        return new Verdict(run.exitCode(), JSON.readTree(run.stdout()), run.stderr());
    }
}
