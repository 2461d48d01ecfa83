package dev.tributary.oplog.entry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.oplog.OrbitDbVectors;
import dev.tributary.oplog.cbor.DagCbor;
import dev.tributary.oplog.cid.Cid;
import dev.tributary.oplog.identity.Identity;
import dev.tributary.oplog.identity.IdentityStore;
import dev.tributary.oplog.identity.LocalIdentity;
import dev.tributary.oplog.identity.Secp256k1;
import dev.tributary.validation.Verdict;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Tampered entries are rejected, each with its reason; honest ones are accepted. */
class EntryVerifierTest {
    private final LocalIdentity userA = OrbitDbVectors.local("userA");
    private final LocalIdentity userB = OrbitDbVectors.local("userB");
    private final IdentityStore identities = new IdentityStore();
    private final EntryVerifier verifier = new EntryVerifier(identities);
    private Entry honest;

    @BeforeEach
    void writeAnEntry() {
        identities.put(userA.identity());
        identities.put(userB.identity());
        honest = Entry.create(userA, "log", Map.of("op", "PUT", "key", "k", "value", 1L), new Clock(
                userA.identity().publicKey(), 3), List.of(), List.of());
    }

    /** The honest entry's block with {@code change} applied to its fields, re-encoded canonically. */
    private Entry tampered(Consumer<Map<String, Object>> change) {
        @SuppressWarnings("unchecked")
        Map<String, Object> fields = new LinkedHashMap<>((Map<String, Object>) DagCbor.decode(honest.bytes()));
        change.accept(fields);
        return Entry.decode(DagCbor.encode(fields));
    }

    private static void rejected(Verdict<EntryRejectReason> verdict, EntryRejectReason reason, String messagePart) {
        assertThat(verdict.isRejected()).as("%s", verdict).isTrue();
        assertThat(verdict.reason()).contains(reason);
        assertThat(verdict.message()).contains(messagePart);
    }

    @Test
    void anHonestEntryIsAccepted() {
        assertThat(verifier.verify(honest).isAccepted()).isTrue();
        assertThat(verifier.verify(Entry.decode(honest.cid(), honest.bytes())).isAccepted()).isTrue();
    }

    @Test
    void aChangedPayloadIsRejected() {
        Entry e = tampered(f -> f.put("payload", Map.of("op", "PUT", "key", "k", "value", 2L)));
        rejected(verifier.verify(e), EntryRejectReason.BAD_SIGNATURE, "signature does not verify");
    }

    @Test
    void aChangedClockLogIdOrNextIsRejected() {
        rejected(verifier.verify(tampered(f -> f.put("clock", Map.of("id", userA.identity().publicKey(), "time", 4L)))),
                EntryRejectReason.BAD_SIGNATURE, "signature");
        rejected(verifier.verify(tampered(f -> f.put("id", "other log"))), EntryRejectReason.BAD_SIGNATURE, "signature");
        rejected(verifier.verify(tampered(f -> f.put("next", List.of(honest.hash())))),
                EntryRejectReason.BAD_SIGNATURE, "signature");
    }

    @Test
    void aSignatureByAnotherKeyIsRejected() {
        Entry byB = Entry.create(userB, "log", honest.payload(), honest.clock(), List.of(), List.of());
        Entry e = tampered(f -> f.put("sig", byB.sig()));
        rejected(verifier.verify(e), EntryRejectReason.BAD_SIGNATURE, "does not verify against its key");
    }

    @Test
    void anEntrySignedByBUnderAsIdentityIsRejected() {
        // B signs with its own key and sets key to its own public key, but names A's identity: OrbitDB itself
        // would accept this (it verifies sig against key only); Tributary checks key against the identity.
        Entry byB = Entry.create(userB, "log", honest.payload(), honest.clock(), List.of(), List.of());
        Entry e = Entry.decode(reencode(byB, f -> f.put("identity", userA.identity().hash())));
        rejected(verifier.verify(e), EntryRejectReason.KEY_MISMATCH, "not its identity's publicKey");
    }

    @Test
    void anIdentitySwappedForAnotherIsRejected() {
        rejected(verifier.verify(honest, userB.identity()), EntryRejectReason.IDENTITY_MISMATCH,
                "names identity " + userA.identity().hash());
        Entry e = tampered(f -> f.put("identity", userB.identity().hash()));
        rejected(verifier.verify(e), EntryRejectReason.KEY_MISMATCH, "not its identity's publicKey");
    }

    @Test
    void anIdentityWhoseSignaturesDoNotHoldIsRejected() {
        Identity a = userA.identity();
        Identity forged = Identity.of(a.id(), a.publicKey(),
                new Identity.Signatures(a.signatures().id(), userB.identity().signatures().publicKey()), a.type());
        identities.put(forged);
        Entry e = tampered(f -> f.put("identity", forged.hash()));
        rejected(verifier.verify(e), EntryRejectReason.BAD_IDENTITY, "signature of its publicKey by its id key");
    }

    @Test
    void anUnknownIdentityIsRejectedWithoutPenalty() {
        Entry e = Entry.create(LocalIdentity.fromPrivateKeys(key(1), key(2)), "log", "x", null, List.of(), List.of());
        Verdict<EntryRejectReason> v = verifier.verify(e);
        rejected(v, EntryRejectReason.UNKNOWN_IDENTITY, "not known");
        assertThat(v.penalty()).isZero();
    }

    @Test
    void nonCanonicalCborIsRejectedAtDecode() {
        byte[] bytes = honest.bytes();
        // the entry map's first key is "v" (1 byte); write the map head with a one-byte length instead
        byte[] padded = new byte[bytes.length + 1];
        padded[0] = (byte) 0xb8;
        padded[1] = (byte) (bytes[0] & 0x1f);
        System.arraycopy(bytes, 1, padded, 2, bytes.length - 1);
        assertThatThrownBy(() -> Entry.decode(padded)).isInstanceOfSatisfying(InvalidEntryException.class, e -> {
            assertThat(e.reason()).isEqualTo(EntryRejectReason.NON_CANONICAL);
            assertThat(e.getMessage()).contains("not its shortest form at offset 0");
        });
    }

    @Test
    void bytesThatDoNotMatchTheirCidAreRejected() {
        Cid other = Cid.of(new byte[] {(byte) 0xa0});
        assertThatThrownBy(() -> Entry.decode(other, honest.bytes()))
                .isInstanceOfSatisfying(InvalidEntryException.class, e -> {
                    assertThat(e.reason()).isEqualTo(EntryRejectReason.CID_MISMATCH);
                    assertThat(e.getMessage()).isEqualTo("the entry's bytes hash to " + honest.hash() + ", not to " + other);
                });
    }

    @Test
    void verifiedIdentitiesAreRemembered() {
        assertThat(verifier.verify(honest).isAccepted()).isTrue();
        Entry second = Entry.create(userA, "log", "again", honest.clock().tick(), List.of(honest.hash()), List.of());
        assertThat(verifier.verify(second).isAccepted()).isTrue();
    }

    private static Map<String, Object> fields(Entry e) {
        @SuppressWarnings("unchecked")
        Map<String, Object> fields = new LinkedHashMap<>((Map<String, Object>) DagCbor.decode(e.bytes()));
        return fields;
    }

    private static byte[] reencode(Entry e, Consumer<Map<String, Object>> change) {
        Map<String, Object> f = fields(e);
        change.accept(f);
        return DagCbor.encode(f);
    }

    private static byte[] key(int b) {
        byte[] k = new byte[32];
        k[31] = (byte) b;
        assertThat(Secp256k1.isPrivateKey(k)).isTrue();
        return k;
    }

}
