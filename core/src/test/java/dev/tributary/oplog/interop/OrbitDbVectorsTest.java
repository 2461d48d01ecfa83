package dev.tributary.oplog.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.oplog.cbor.DagCbor;
import dev.tributary.oplog.cbor.NonCanonicalCborException;
import java.util.HexFormat;
import dev.tributary.oplog.access.IpfsAccessController;
import dev.tributary.oplog.cid.Cid;
import dev.tributary.oplog.entry.Entry;
import dev.tributary.oplog.entry.EntryRejectReason;
import dev.tributary.oplog.entry.EntryVerifier;
import dev.tributary.oplog.entry.InvalidEntryException;
import dev.tributary.oplog.identity.Identities;
import dev.tributary.oplog.identity.Identity;
import dev.tributary.oplog.identity.IdentityStore;
import dev.tributary.oplog.identity.LocalIdentity;
import dev.tributary.oplog.manifest.DatabaseAddress;
import dev.tributary.oplog.manifest.Manifest;
import dev.tributary.validation.Verdict;
import java.util.Map;
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
 * those CIDs as OrbitDB builds them. Identities and entries verify, and Tributary remakes them from the fixed keys
 * byte for byte (signatures included: RFC 6979, low S, DER, as OrbitDB's secp256k1 makes them); manifests and
 * access lists too. Every tampered entry OrbitDB was shown is refused, with its reason. No Node.js needed: the
 * vectors are checked in.
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
    private static IdentityStore identities() {
        IdentityStore store = new IdentityStore();
        VECTORS.peers().forEach(p -> store.putBlock(p.identity().bytes()));
        store.putBlock(HexFormat.of().parseHex(VECTORS.json().get("tampering").get("writerNotListed").get("identity")
                .get("bytes").asText()));
        return store;
    }

    private static LocalIdentity local(OrbitDbVectors.Peer peer) {
        return LocalIdentity.fromPrivateKeys(peer.idPrivateKey(), peer.signingPrivateKey());
    }

    @Test
    void identitiesDecodeVerifyAndAreRemadeFromTheFixedKeys() {
        for (OrbitDbVectors.Peer peer : VECTORS.peers()) {
            Identity identity = Identity.decode(peer.identity().bytes());
            assertThat(identity.hash()).isEqualTo(peer.identity().hash());
            assertThat(identity.bytes()).isEqualTo(peer.identity().bytes());
            assertThat(identity.id()).isEqualTo(peer.id());
            assertThat(identity.publicKey()).isEqualTo(peer.publicKey());
            assertThat(Identities.problem(identity)).isEmpty();
            Identity remade = local(peer).identity();
            assertThat(remade.bytes()).as("%s remade from its keys", peer.name()).isEqualTo(peer.identity().bytes());
            assertThat(remade.hash()).isEqualTo(peer.identity().hash());
        }
    }

    @TestFactory
    Stream<DynamicTest> everyEntryDecodesVerifiesAndIsRemadeByteForByte() {
        EntryVerifier verifier = new EntryVerifier(identities());
        List<DynamicTest> tests = new ArrayList<>();
        for (OrbitDbVectors.Database db : VECTORS.databases()) {
            IpfsAccessController access = IpfsAccessController.decode(db.accessController().bytes());
            for (OrbitDbVectors.Entry e : db.entries()) {
                tests.add(DynamicTest.dynamicTest(db.name() + " entry " + e.hash(), () -> {
                    Entry entry = Entry.decode(Cid.parse(e.hash()), e.bytes());
                    assertThat(entry.hash()).isEqualTo(e.hash());
                    assertThat(entry.bytes()).isEqualTo(e.bytes());
                    assertThat(entry.id()).isEqualTo(db.address());
                    assertThat(OrbitDbJson.toJson(entry.payload())).isEqualTo(e.decoded().get("payload"));
                    assertThat(verifier.verify(entry)).isEqualTo(Verdict.accept());
                    Identity writer = identities().resolve(entry.identity()).orElseThrow();
                    assertThat(access.canAppend(entry, writer)).isTrue();
                    Entry remade = Entry.create(local(VECTORS.peer(e.writer())), entry.id(), entry.payload(),
                            entry.clock(), entry.next(), entry.refs());
                    assertThat(remade.bytes()).as("remade by Tributary").isEqualTo(e.bytes());
                    assertThat(remade.hash()).isEqualTo(e.hash());
                }));
            }
        }
        return tests.stream();
    }

    @Test
    void manifestsAndAccessListsDecodeAndAreRemadeByteForByte() {
        for (OrbitDbVectors.Database db : VECTORS.databases()) {
            Manifest manifest = Manifest.decode(db.manifest().bytes());
            assertThat(manifest.address()).isEqualTo(DatabaseAddress.parse(db.address()));
            assertThat(manifest.address()).hasToString(db.address());
            assertThat(manifest.name()).isEqualTo(db.name());
            assertThat(manifest.type()).isEqualTo(db.type());
            assertThat(manifest.accessController()).isEqualTo(db.accessControllerAddress());
            Manifest remade = db.meta() == null || db.meta().isNull()
                    ? Manifest.of(db.name(), db.type(), db.accessControllerAddress())
                    : Manifest.of(db.name(), db.type(), db.accessControllerAddress(), OrbitDbJson.fromJson(db.meta()));
            assertThat(remade.bytes()).as("%s manifest remade", db.name()).isEqualTo(db.manifest().bytes());
            assertThat(remade.address()).hasToString(db.address());

            IpfsAccessController access = IpfsAccessController.decode(db.accessController().bytes());
            assertThat(access.address()).isEqualTo(db.accessControllerAddress());
            assertThat(access.write()).containsExactlyElementsOf(
                    OrbitDbVectors.texts(db.accessController().decoded().get("write")));
            assertThat(IpfsAccessController.of(access.write()).manifestBytes()).isEqualTo(db.accessController().bytes());
        }
    }

    @Test
    void everyTamperedEntryIsRefusedWithItsReason() {
        JsonNode tampering = VECTORS.json().get("tampering");
        String address = tampering.get("address").asText();
        IdentityStore identities = identities();
        EntryVerifier verifier = new EntryVerifier(identities);
        IpfsAccessController access = IpfsAccessController.decode(
                HexFormat.of().parseHex(tampering.get("accessController").get("bytes").asText()));
        Map<String, EntryRejectReason> expected = Map.of(
                "payload-changed", EntryRejectReason.BAD_SIGNATURE,
                "signed-by-another-key", EntryRejectReason.BAD_SIGNATURE,
                "identity-swapped", EntryRejectReason.KEY_MISMATCH,
                "map-keys-out-of-order", EntryRejectReason.NON_CANONICAL,
                "integer-not-shortest", EntryRejectReason.NON_CANONICAL,
                "float-payload", EntryRejectReason.NON_CANONICAL);
        JsonNode cases = tampering.get("cases");
        assertThat(cases).hasSize(9);
        for (JsonNode c : cases) {
            String name = c.get("case").asText();
            byte[] bytes = HexFormat.of().parseHex(c.get("bytes").asText());
            switch (name) {
                case "map-keys-out-of-order", "integer-not-shortest", "float-payload" ->
                        assertThatThrownBy(() -> Entry.decode(Cid.parse(c.get("hash").asText()), bytes)).as(name)
                                .isInstanceOfSatisfying(InvalidEntryException.class,
                                        e -> assertThat(e.reason()).isEqualTo(expected.get(name)));
                case "payload-changed", "signed-by-another-key", "identity-swapped" -> {
                    Verdict<EntryRejectReason> verdict = verifier.verify(Entry.decode(bytes));
                    assertThat(verdict).as(name).isInstanceOfSatisfying(Verdict.Reject.class,
                            r -> assertThat(r.rule()).isEqualTo(expected.get(name)));
                }
                case "writer-not-in-access-list" -> {
                    Entry entry = Entry.decode(bytes);
                    assertThat(verifier.verify(entry)).as("its signatures are fine").isEqualTo(Verdict.accept());
                    assertThat(access.canAppend(entry, identities.resolve(entry.identity()).orElseThrow())).isFalse();
                }
                case "wrong-log-id" -> assertThat(Entry.decode(bytes).id())
                        .isEqualTo(tampering.get("otherAddress").asText()).isNotEqualTo(address);
                case "clock-behind-parents" -> {
                    Entry entry = Entry.decode(bytes);
                    assertThat(verifier.verify(entry)).as("its signatures are fine").isEqualTo(Verdict.accept());
                    assertThat(entry.clock().time()).isEqualTo(1);
                }
                default -> throw new AssertionError("a tampering case this test does not know: " + name);
            }
        }
    }
}
