package dev.tributary.node.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.oplog.cbor.DagCbor;
import dev.tributary.oplog.interop.OrbitDbVectors;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OrbitDB 4's own code ({@code interop/orbitdb/check.mjs}) reads blocks Tributary wrote, verifies and applies them,
 * and reaches the state the vectors record; and refuses what it refuses. Skipped without npm (see
 * {@link OrbitDb#assumeAvailable()}).
 */
@Tag("interop")
class OrbitDbCheckIT {
    private static final OrbitDbVectors VECTORS = OrbitDbVectors.load();

    @TempDir
    Path dir;

    @BeforeEach
    void needsOrbitDb() {
        OrbitDb.assumeAvailable();
    }

    @Test
    void orbitDbAppliesEveryBlockAsTributaryEncodesItAndReachesTheRecordedState() throws Exception {
        OrbitDbCheck check = new OrbitDbCheck();
        VECTORS.peers().forEach(p -> check.identity(reencoded(p.identity().bytes())));
        List<OrbitDbVectors.Database> databases = VECTORS.databases().stream()
                .filter(d -> !d.name().equals("tributary-same-identity")).toList();
        for (OrbitDbVectors.Database db : databases) {
            check.database(db.address(), reencoded(db.manifest().bytes()), reencoded(db.accessController().bytes()),
                    db.indexBy(), db.entries().stream().map(e -> reencoded(e.bytes())).toList(), List.of());
        }
        OrbitDbCheck.Verdict verdict = check.run(dir);
        assertThat(verdict.ok()).as("OrbitDB refused: %s %s", verdict.error(), verdict.stderr()).isTrue();
        for (int i = 0; i < databases.size(); i++) {
            OrbitDbVectors.Database db = databases.get(i);
            JsonNode expected = db.state().get("userA");
            JsonNode state = verdict.database(i);
            assertThat(state.get("address").asText()).isEqualTo(db.address());
            assertThat(state.get("type").asText()).isEqualTo(db.type());
            assertThat(state.get("heads")).as("%s heads", db.name()).isEqualTo(expected.get("heads"));
            assertThat(state.get("values")).as("%s order", db.name()).isEqualTo(expected.get("values"));
            assertThat(state.get("all")).as("%s state", db.name()).isEqualTo(expected.get("all"));
        }
    }

    @Test
    void orbitDbDecidesEachTamperedEntryAsTheVectorsRecord() throws Exception {
        JsonNode tampering = VECTORS.json().get("tampering");
        for (JsonNode c : tampering.get("cases")) {
            OrbitDbCheck check = new OrbitDbCheck();
            VECTORS.peers().forEach(p -> check.identity(p.identity().bytes()));
            check.identity(hex(tampering.get("writerNotListed").get("identity").get("bytes")));
            List<byte[]> entries = new ArrayList<>();
            tampering.get("entries").forEach(e -> entries.add(hex(e.get("bytes"))));
            entries.add(hex(c.get("bytes")));
            check.database(tampering.get("address").asText(), hex(tampering.get("manifest").get("bytes")),
                    hex(tampering.get("accessController").get("bytes")), Optional.empty(), entries, List.of());
            String name = c.get("case").asText();
            OrbitDbCheck.Verdict verdict = check.run(dir, true);
            JsonNode recorded = c.get("orbitdb");
            if (recorded.get("accepted").asBoolean()) {
                assertThat(verdict.ok()).as("%s: OrbitDB accepted it when the vectors were made, now: %s", name,
                        verdict.error()).isTrue();
            } else {
                assertThat(verdict.exitCode()).as("%s exit code", name).isEqualTo(1);
                assertThat(verdict.error()).as(name).contains(recorded.get("error").asText());
            }
            if (name.equals("map-keys-out-of-order")) {
                assertThat(check.run(dir).error()).as("%s, canonical form demanded", name).contains("not canonical");
            }
        }
    }

    private static byte[] reencoded(byte[] block) {
        return DagCbor.encode(DagCbor.decode(block));
    }

    private static byte[] hex(JsonNode text) {
        return HexFormat.of().parseHex(text.asText());
    }
}
