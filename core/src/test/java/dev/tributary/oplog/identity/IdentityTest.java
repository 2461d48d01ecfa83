package dev.tributary.oplog.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.oplog.OrbitDbVectors;
import dev.tributary.oplog.cbor.DagCbor;
import dev.tributary.oplog.cbor.NonCanonicalCborException;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IdentityTest {
    /** test/identities/identity.test.js of @orbitdb/core 4.0.0: an identity of made-up strings, its bytes and hash. */
    private static final int[] ORBITDB_TEST_BYTES = {
        164, 98, 105, 100, 120, 39, 48, 120, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 48, 97, 98, 99, 100, 101, 102,
        103, 104, 105, 106, 107, 108, 109, 110, 111, 112, 113, 114, 115, 116, 117, 118, 119, 120, 121, 122, 100, 116,
        121, 112, 101, 103, 111, 114, 98, 105, 116, 100, 98, 105, 112, 117, 98, 108, 105, 99, 75, 101, 121, 104, 60,
        112, 117, 98, 107, 101, 121, 62, 106, 115, 105, 103, 110, 97, 116, 117, 114, 101, 115, 162, 98, 105, 100, 114,
        115, 105, 103, 110, 97, 116, 117, 114, 101, 32, 102, 111, 114, 32, 60, 105, 100, 62, 105, 112, 117, 98, 108,
        105, 99, 75, 101, 121, 120, 39, 115, 105, 103, 110, 97, 116, 117, 114, 101, 32, 102, 111, 114, 32, 60, 112,
        117, 98, 108, 105, 99, 75, 101, 121, 32, 43, 32, 105, 100, 83, 105, 103, 110, 97, 116, 117, 114, 101, 62};

    private static byte[] orbitDbTestBytes() {
        byte[] b = new byte[ORBITDB_TEST_BYTES.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) ORBITDB_TEST_BYTES[i];
        }
        return b;
    }

    @Test
    void encodesOrbitDbsIdentityTestVector() {
        Identity identity = Identity.of("0x01234567890abcdefghijklmnopqrstuvwxyz", "<pubkey>",
                new Identity.Signatures("signature for <id>", "signature for <publicKey + idSignature>"), "orbitdb");
        assertThat(identity.bytes()).isEqualTo(orbitDbTestBytes());
        assertThat(identity.hash()).isEqualTo("zdpuArx43BnXdDff5rjrGLYrxUomxNroc2uaocTgcWK76UfQT");
        Identity decoded = Identity.decode(orbitDbTestBytes());
        assertThat(decoded).isEqualTo(identity);
        assertThat(decoded.type()).isEqualTo("orbitdb");
        assertThat(Identities.problem(decoded)).hasValueSatisfying(p -> assertThat(p).contains("only 'publickey'"));
    }

    @Test
    void decodeIsStrict() {
        byte[] valid = OrbitDbVectors.local("userA").identity().bytes();
        @SuppressWarnings("unchecked")
        Map<String, Object> fields = new LinkedHashMap<>((Map<String, Object>) DagCbor.decode(valid));
        Map<String, Object> extra = new LinkedHashMap<>(fields);
        extra.put("hash", "zdpu");
        assertThatThrownBy(() -> Identity.decode(DagCbor.encode(extra))).hasMessageContaining("has the fields");
        Map<String, Object> badSig = new LinkedHashMap<>(fields);
        badSig.put("signatures", Map.of("id", "aa"));
        assertThatThrownBy(() -> Identity.decode(DagCbor.encode(badSig))).hasMessageContaining("signatures has the fields");
        Map<String, Object> notString = new LinkedHashMap<>(fields);
        notString.put("publicKey", 3L);
        assertThatThrownBy(() -> Identity.decode(DagCbor.encode(notString))).hasMessageContaining("publicKey is not");
        byte[] trailing = java.util.Arrays.copyOf(valid, valid.length + 1);
        assertThatThrownBy(() -> Identity.decode(trailing)).isInstanceOf(NonCanonicalCborException.class);
    }

    @Test
    void aNewIdentityVerifiesAndTamperedOnesDoNot() {
        LocalIdentity local = LocalIdentity.create("userX", new SecureRandom());
        Identity good = local.identity();
        assertThat(Identities.verify(good)).isTrue();
        assertThat(Identities.verify(Identity.decode(good.bytes()))).isTrue();
        Identity other = OrbitDbVectors.local("userA").identity();

        Identity swappedKey = Identity.of(good.id(), other.publicKey(), good.signatures(), good.type());
        assertThat(Identities.problem(swappedKey)).hasValueSatisfying(p -> assertThat(p).contains("signature of its id"));
        Identity swappedId = Identity.of(other.id(), good.publicKey(), good.signatures(), good.type());
        assertThat(Identities.problem(swappedId)).hasValueSatisfying(p -> assertThat(p).contains("signature of its id"));
        Identity borrowedSignature = Identity.of(good.id(), good.publicKey(),
                new Identity.Signatures(good.signatures().id(), other.signatures().publicKey()), good.type());
        assertThat(Identities.problem(borrowedSignature))
                .hasValueSatisfying(p -> assertThat(p).contains("signature of its publicKey by its id key"));
        Identity upperHex = Identity.of(good.id().toUpperCase(), good.publicKey(), good.signatures(), good.type());
        assertThat(Identities.verify(upperHex)).isFalse();
    }

    @Test
    void localIdentitiesSignAsTheKeystoreDoes() {
        LocalIdentity userA = OrbitDbVectors.local("userA");
        String sig = userA.sign("hello friend".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(Identities.verifyMessage(sig, userA.identity().publicKey(), "hello friend")).isTrue();
        assertThat(Identities.verifyMessage(sig, userA.identity().id(), "hello friend")).isFalse();
        assertThat(Identities.verifyMessage("invalid", userA.identity().publicKey(), "hello friend")).isFalse();
        assertThat(userA.toString()).doesNotContain(Hex.encode(userA.signingPrivateKey()));
        assertThatThrownBy(() -> LocalIdentity.create("", new SecureRandom())).hasMessageContaining("non-empty name");
    }

    @Test
    void theStoreResolvesByHash() {
        IdentityStore store = new IdentityStore();
        Identity a = OrbitDbVectors.local("userA").identity();
        store.putBlock(a.bytes());
        assertThat(store.resolve(a.hash())).contains(a);
        assertThat(store.resolve("zdpuArx43BnXdDff5rjrGLYrxUomxNroc2uaocTgcWK76UfQT")).isEmpty();
        assertThat(store.size()).isEqualTo(1);
    }
}
