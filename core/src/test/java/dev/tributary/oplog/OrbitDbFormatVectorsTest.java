package dev.tributary.oplog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.oplog.access.IpfsAccessController;
import dev.tributary.oplog.cbor.DagCbor;
import dev.tributary.oplog.cid.Cid;
import dev.tributary.oplog.entry.Entry;
import dev.tributary.oplog.entry.EntryVerifier;
import dev.tributary.oplog.identity.Hex;
import dev.tributary.oplog.identity.Identities;
import dev.tributary.oplog.identity.Identity;
import dev.tributary.oplog.identity.IdentityStore;
import dev.tributary.oplog.identity.LocalIdentity;
import dev.tributary.oplog.identity.Secp256k1;
import dev.tributary.oplog.manifest.DatabaseAddress;
import dev.tributary.oplog.manifest.Manifest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Blocks written by {@code @orbitdb/core} 4.0.0 itself (vectors/formats-4.0.0.json): Tributary decodes and verifies
 * each, re-encodes it byte for byte, computes the same CID, and makes the same bytes from the same keys.
 */
class OrbitDbFormatVectorsTest {

    static Stream<String> users() {
        return Stream.of("userA", "userB");
    }

    static Stream<JsonNode> entries() {
        return StreamSupport.stream(OrbitDbVectors.root().path("entries").spliterator(), false);
    }

    static Stream<JsonNode> cbor() {
        return StreamSupport.stream(OrbitDbVectors.root().path("cbor").spliterator(), false);
    }

    static Stream<JsonNode> accessControllers() {
        return StreamSupport.stream(OrbitDbVectors.root().path("accessControllers").spliterator(), false);
    }

    static Stream<JsonNode> manifests() {
        return StreamSupport.stream(OrbitDbVectors.root().path("manifests").spliterator(), false);
    }

    @ParameterizedTest
    @MethodSource("users")
    void identitiesFromTheFixtureKeysAreOrbitDbsByteForByte(String user) {
        JsonNode expected = OrbitDbVectors.identity(user);
        Identity made = OrbitDbVectors.local(user).identity();
        assertThat(Hex.encode(made.bytes())).isEqualTo(expected.path("bytes").asText());
        assertThat(made.hash()).isEqualTo(expected.path("hash").asText());
        assertThat(made.id()).isEqualTo(expected.path("id").asText());
        assertThat(made.publicKey()).isEqualTo(expected.path("publicKey").asText());
        assertThat(made.signatures().id()).isEqualTo(expected.path("signatures").path("id").asText());
        assertThat(made.signatures().publicKey()).isEqualTo(expected.path("signatures").path("publicKey").asText());

        Identity decoded = Identity.decode(OrbitDbVectors.bytes(expected));
        assertThat(decoded).isEqualTo(made);
        assertThat(decoded.hash()).isEqualTo(expected.path("hash").asText());
        assertThat(Identities.verify(decoded)).isTrue();
    }

    @ParameterizedTest
    @MethodSource("users")
    void messageSignaturesAreOrbitDbsByteForByte(String user) {
        for (JsonNode s : OrbitDbVectors.root().path("signatures")) {
            if (!s.path("user").asText().equals(user)) {
                continue;
            }
            LocalIdentity local = OrbitDbVectors.local(user);
            byte[] data = s.path("data").asText().getBytes(StandardCharsets.UTF_8);
            assertThat(local.sign(data)).isEqualTo(s.path("signature").asText());
            assertThat(Secp256k1.verify(Hex.decode(s.path("signature").asText()),
                    Hex.decode(local.identity().publicKey()), data)).isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("entries")
    void entriesDecodeVerifyAndReencodeByteForByte(JsonNode vector) {
        byte[] block = OrbitDbVectors.bytes(vector);
        Cid cid = Cid.parse(vector.path("hash").asText());
        Entry entry = Entry.decode(cid, block);
        assertThat(entry.cid()).isEqualTo(cid);
        assertThat(entry.hash()).isEqualTo(vector.path("hash").asText());
        assertThat(DagCbor.encode(DagCbor.decode(block))).isEqualTo(block);

        IdentityStore identities = new IdentityStore();
        users().forEach(u -> identities.putBlock(OrbitDbVectors.bytes(OrbitDbVectors.identity(u))));
        assertThat(new EntryVerifier(identities).verify(entry).isAccepted()).isTrue();
        assertThat(entry.identity()).isEqualTo(OrbitDbVectors.identity(vector.path("writer").asText()).path("hash").asText());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("entries")
    void theSameKeysAndFieldsMakeTheSameEntry(JsonNode vector) {
        Entry orbitDbs = Entry.decode(OrbitDbVectors.bytes(vector));
        LocalIdentity writer = OrbitDbVectors.local(vector.path("writer").asText());
        Entry ours = Entry.create(writer, orbitDbs.id(), orbitDbs.payload(), orbitDbs.clock(), orbitDbs.next(),
                orbitDbs.refs());
        assertThat(Hex.encode(ours.bytes())).isEqualTo(vector.path("bytes").asText());
        assertThat(ours.hash()).isEqualTo(vector.path("hash").asText());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cbor")
    void dagCborOfOrbitDbsLibraryReencodesByteForByte(JsonNode vector) {
        byte[] bytes = OrbitDbVectors.bytes(vector);
        assertThat(DagCbor.encode(DagCbor.decode(bytes))).isEqualTo(bytes);
    }

    @ParameterizedTest
    @MethodSource("accessControllers")
    void ipfsAccessControllerManifestsAndAddresses(JsonNode vector) {
        List<String> write = new ArrayList<>();
        vector.path("write").forEach(w -> write.add(w.asText()));
        IpfsAccessController made = IpfsAccessController.of(write);
        assertThat(Hex.encode(made.manifestBytes())).isEqualTo(vector.path("bytes").asText());
        assertThat(made.address()).isEqualTo(vector.path("address").asText());
        IpfsAccessController decoded = IpfsAccessController.decode(OrbitDbVectors.bytes(vector));
        assertThat(decoded.write()).isEqualTo(write);
        assertThat(decoded.address()).isEqualTo(vector.path("address").asText());
        assertThat(IpfsAccessController.parseAddress(made.address())).isEqualTo(made.cid());
    }

    @ParameterizedTest
    @MethodSource("manifests")
    void manifestsAndDatabaseAddresses(JsonNode vector) {
        byte[] bytes = OrbitDbVectors.bytes(vector);
        Manifest decoded = Manifest.decode(bytes);
        assertThat(decoded.name()).isEqualTo(vector.path("name").asText());
        assertThat(decoded.type()).isEqualTo(vector.path("type").asText());
        assertThat(decoded.accessController()).isEqualTo(vector.path("accessController").asText());
        assertThat(decoded.hasMeta()).isEqualTo(vector.path("hasMeta").asBoolean());
        assertThat(decoded.address().toString()).isEqualTo(vector.path("address").asText());
        assertThat(DatabaseAddress.parse(vector.path("address").asText())).isEqualTo(decoded.address());

        Manifest made = decoded.hasMeta()
                ? Manifest.of(decoded.name(), decoded.type(), decoded.accessController(), decoded.meta().orElse(null))
                : Manifest.of(decoded.name(), decoded.type(), decoded.accessController());
        assertThat(made.bytes()).isEqualTo(bytes);
        assertThat(made.address()).isEqualTo(decoded.address());
    }

    @Test
    void theVectorsCoverWhatTheyClaim() {
        assertThat(entries().count()).isEqualTo(5);
        assertThat(OrbitDbVectors.root().path("generator").asText()).isEqualTo("@orbitdb/core 4.0.0");
        Entry merge = Entry.decode(OrbitDbVectors.bytes(OrbitDbVectors.entry("merge with refs")));
        assertThat(merge.next()).hasSize(2);
        assertThat(merge.refs()).hasSize(1);
    }
}
