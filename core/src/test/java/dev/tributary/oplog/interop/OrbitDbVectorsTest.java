package dev.tributary.oplog.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.oplog.cbor.DagCbor;
import dev.tributary.oplog.cbor.NonCanonicalCborException;
import java.util.HexFormat;
import dev.tributary.oplog.cid.Cid;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every block OrbitDB 4 wrote in the interop vectors (entries, identities, manifests, access-controller
 * manifests) decodes under Tributary's strict dag-cbor, to the value OrbitDB decoded, re-encodes to the same
 * bytes, and has the CID OrbitDB gave it; database addresses and access-controller addresses are built from
 * those CIDs as OrbitDB builds them. No Node.js needed: the vectors are checked in.
 */
class OrbitDbVectorsTest {
    private static final OrbitDbVectors VECTORS = OrbitDbVectors.load();

    @Test
    void theVectorsAreOrbitDbFours() {
        assertThat(VECTORS.orbitdbVersion()).startsWith("4.");
        assertThat(VECTORS.databases()).extracting(OrbitDbVectors.Database::type)
                .containsExactly("events", "keyvalue", "documents", "documents", "events");
        assertThat(VECTORS.databases()).allSatisfy(d -> assertThat(d.entries()).isNotEmpty());
    }

    @TestFactory
    Stream<DynamicTest> everyBlockRoundTripsByteForByteWithOrbitDbsCid() {
        List<DynamicTest> tests = new ArrayList<>();
        for (OrbitDbVectors.Peer peer : VECTORS.peers()) {
            tests.add(blockTest("identity of " + peer.name(), peer.identity()));
        }
        for (OrbitDbVectors.Database db : VECTORS.databases()) {
            tests.add(blockTest(db.name() + " manifest", db.manifest()));
            tests.add(blockTest(db.name() + " access controller", db.accessController()));
            for (OrbitDbVectors.Entry e : db.entries()) {
                tests.add(blockTest(db.name() + " entry " + e.hash(), new OrbitDbVectors.Block(e.hash(), e.bytes(), e.decoded())));
            }
        }
        return tests.stream();
    }

    private static DynamicTest blockTest(String name, OrbitDbVectors.Block block) {
        return DynamicTest.dynamicTest(name, () -> {
            Object value = DagCbor.decode(block.bytes());
            assertThat(OrbitDbJson.toJson(value)).as("decoded value").isEqualTo(block.decoded());
            assertThat(DagCbor.encode(value)).as("re-encoded bytes").isEqualTo(block.bytes());
            assertThat(DagCbor.encode(OrbitDbJson.fromJson(block.decoded()))).as("bytes encoded from OrbitDB's value")
                    .isEqualTo(block.bytes());
            Cid cid = Cid.of(block.bytes());
            assertThat(cid).hasToString(block.hash());
            assertThat(Cid.parse(block.hash())).isEqualTo(cid);
            assertThat(cid.matches(block.bytes())).isTrue();
        });
    }

    @Test
    void addressesAreTheManifestsCidAndTheAccessListsCid() {
        for (OrbitDbVectors.Database db : VECTORS.databases()) {
            assertThat(db.address()).isEqualTo("/orbitdb/" + Cid.of(db.manifest().bytes()));
            assertThat(db.accessControllerAddress()).isEqualTo("/ipfs/" + Cid.of(db.accessController().bytes()));
            assertThat(db.manifest().decoded().get("accessController").asText()).isEqualTo(db.accessControllerAddress());
            assertThat(db.manifest().decoded().get("name").asText()).isEqualTo(db.name());
            assertThat(db.manifest().decoded().get("type").asText()).isEqualTo(db.type());
            for (OrbitDbVectors.Entry e : db.entries()) {
                assertThat(e.decoded().get("id").asText()).as("log id of %s", e.hash()).isEqualTo(db.address());
            }
        }
    }

    @Test
    void theTamperedEntriesThatAreNotCanonicalDagCborAreRefusedWithTheRuleBroken() {
        JsonNode cases = VECTORS.json().get("tampering").get("cases");
        assertThatThrownBy(() -> DagCbor.decode(tampered(cases, "map-keys-out-of-order")))
                .isInstanceOf(NonCanonicalCborException.class).hasMessageContaining("order");
        assertThatThrownBy(() -> DagCbor.decode(tampered(cases, "integer-not-shortest")))
                .isInstanceOf(NonCanonicalCborException.class);
        assertThatThrownBy(() -> DagCbor.decode(tampered(cases, "float-payload")))
                .isInstanceOf(NonCanonicalCborException.class).hasMessageContaining("float");
    }

    @Test
    void theOtherTamperedEntriesAreCanonicalBlocksWithOrbitDbsCids() {
        for (JsonNode c : VECTORS.json().get("tampering").get("cases")) {
            String name = c.get("case").asText();
            if (List.of("map-keys-out-of-order", "integer-not-shortest", "float-payload").contains(name)) {
                continue;
            }
            byte[] bytes = HexFormat.of().parseHex(c.get("bytes").asText());
            assertThat(DagCbor.encode(DagCbor.decode(bytes))).as(name).isEqualTo(bytes);
            assertThat(Cid.of(bytes)).as(name).hasToString(c.get("hash").asText());
        }
    }

    private static byte[] tampered(JsonNode cases, String name) {
        for (JsonNode c : cases) {
            if (c.get("case").asText().equals(name)) {
                return HexFormat.of().parseHex(c.get("bytes").asText());
            }
        }
        throw new IllegalArgumentException("no tampering case " + name);
    }

    @Test
    void entriesNameTheirWritersIdentityAndKey() {
        for (OrbitDbVectors.Database db : VECTORS.databases()) {
            for (OrbitDbVectors.Entry e : db.entries()) {
                OrbitDbVectors.Peer writer = VECTORS.peer(e.writer());
                assertThat(e.decoded().get("identity").asText()).isEqualTo(writer.identity().hash());
                assertThat(e.decoded().get("key").asText()).isEqualTo(writer.publicKey());
                assertThat(e.decoded().get("clock").get("id").asText()).isEqualTo(writer.publicKey());
                assertThat(e.decoded().get("v").asInt()).isEqualTo(2);
            }
        }
    }
}
