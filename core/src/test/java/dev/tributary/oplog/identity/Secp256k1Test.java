package dev.tributary.oplog.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class Secp256k1Test {
    private static final byte[] MESSAGE = "hello friend".getBytes(StandardCharsets.UTF_8);
    private static final byte[] KEY = Hex.decode("97f64ca2bf7bd6aa2136eb0aa3ce512433bd903b91d48b2208052d6ff286d080");

    @Test
    void publicKeysAreCompressed() {
        assertThat(Hex.encode(Secp256k1.publicKey(KEY)))
                .isEqualTo("038bef2231e64d5c7147bd4b8afb84abd4126ee8d8335e4b069ac0a65c7be711ce");
        byte[] one = new byte[32];
        one[31] = 1;
        assertThat(Hex.encode(Secp256k1.publicKey(one)))
                .as("the generator").isEqualTo("0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798");
        assertThatThrownBy(() -> Secp256k1.publicKey(new byte[32])).hasMessageContaining("private key");
        assertThat(Secp256k1.isPrivateKey(DerSignature.N.toByteArray())).isFalse();
    }

    @Test
    void signaturesAreDeterministicLowSDer() {
        byte[] sig = Secp256k1.sign(KEY, MESSAGE);
        assertThat(Secp256k1.sign(KEY, MESSAGE)).isEqualTo(sig);
        BigInteger[] rs = DerSignature.decode(sig);
        assertThat(DerSignature.isLowS(rs[1])).isTrue();
        assertThat(DerSignature.encode(rs[0], rs[1])).isEqualTo(sig);
        assertThat(Secp256k1.verify(sig, Secp256k1.publicKey(KEY), MESSAGE)).isTrue();
    }

    @Test
    void verificationRefusesWrongKeysMessagesAndHighS() {
        byte[] pub = Secp256k1.publicKey(KEY);
        byte[] sig = Secp256k1.sign(KEY, MESSAGE);
        assertThat(Secp256k1.verify(sig, pub, "hello foe".getBytes(StandardCharsets.UTF_8))).isFalse();
        byte[] other = Secp256k1.publicKey(Secp256k1.newPrivateKey(new SecureRandom()));
        assertThat(Secp256k1.verify(sig, other, MESSAGE)).isFalse();
        BigInteger[] rs = DerSignature.decode(sig);
        byte[] highS = DerSignature.encode(rs[0], DerSignature.N.subtract(rs[1]));
        assertThat(Secp256k1.verify(highS, pub, MESSAGE)).as("the malleated twin, which OrbitDB refuses").isFalse();
        assertThat(Secp256k1.verify(sig, new byte[33], MESSAGE)).isFalse();
        assertThat(Secp256k1.verify(sig, new byte[5], MESSAGE)).isFalse();
        assertThat(Secp256k1.verify(new byte[0], pub, MESSAGE)).isFalse();
        byte[] uncompressed = Hex.decode("048bef2231e64d5c7147bd4b8afb84abd4126ee8d8335e4b069ac0a65c7be711ce"
                + "a5c1b8d47bc20ebaecdca588600ddf2894675e78b2ef17cf49e7bbaf98080361");
        assertThat(Secp256k1.verify(sig, uncompressed, MESSAGE)).as("uncompressed keys, as OrbitDB accepts").isTrue();
    }

    @Test
    void derIsStrict() {
        byte[] sig = Secp256k1.sign(KEY, MESSAGE);
        byte[] longLength = new byte[sig.length + 1];
        longLength[0] = 0x30;
        longLength[1] = (byte) 0x81;
        System.arraycopy(sig, 1, longLength, 2, sig.length - 1);
        assertThatThrownBy(() -> DerSignature.decode(longLength)).isInstanceOf(IllegalArgumentException.class);
        byte[] trailing = Arrays.copyOf(sig, sig.length + 1);
        assertThatThrownBy(() -> DerSignature.decode(trailing)).hasMessageContaining("does not match");
        // r = 1 padded with an unnecessary zero: 30 07 02 02 00 01 02 01 01
        assertThatThrownBy(() -> DerSignature.decode(Hex.decode("300702020001020101")))
                .hasMessageContaining("r has an unnecessary leading zero");
        assertThatThrownBy(() -> DerSignature.decode(Hex.decode("3006020180020101"))).hasMessageContaining("r is negative");
        assertThatThrownBy(() -> DerSignature.decode(Hex.decode("3006020100020101"))).hasMessageContaining("r is not in [1, n - 1]");
        assertThatThrownBy(() -> DerSignature.decode(Hex.decode("3106020101020101"))).hasMessageContaining("starts with 0x30");
        assertThat(Secp256k1.verify(trailing, Secp256k1.publicKey(KEY), MESSAGE)).isFalse();
    }

    /** r and s must lie in [1, n - 1]: n - 1 (33 DER bytes, a leading 00) is the largest, n is refused. */
    @Test
    void integersEndBelowTheOrder() {
        String nMinus1 = "00" + DerSignature.N.subtract(BigInteger.ONE).toString(16);
        String n = "00" + DerSignature.N.toString(16);
        byte[] largest = Hex.decode("3026" + "0221" + nMinus1 + "020101");
        byte[] compact = DerSignature.toCompact(largest);
        assertThat(new BigInteger(1, Arrays.copyOfRange(compact, 0, 32))).isEqualTo(DerSignature.N.subtract(BigInteger.ONE));
        assertThat(new BigInteger(1, Arrays.copyOfRange(compact, 32, 64))).isEqualTo(BigInteger.ONE);
        assertThat(DerSignature.decode(largest)[0]).isEqualTo(DerSignature.N.subtract(BigInteger.ONE));
        assertThatThrownBy(() -> DerSignature.toCompact(Hex.decode("3026" + "020101" + "0221" + n)))
                .hasMessageContaining("s is not in [1, n - 1]");
        assertThatThrownBy(() -> DerSignature.toCompact(Hex.decode("3027" + "0222" + "0000" + nMinus1.substring(2)
                + "020101"))).hasMessageContaining("r has a bad length 34");
    }

    @Test
    void lowSEndsAtHalfTheOrder() {
        byte[] compact = new byte[64];
        byte[] half = DerSignature.HALF_N.toByteArray();
        System.arraycopy(half, half.length - 32, compact, 32, 32);
        assertThat(DerSignature.isLowS(compact, 32)).isTrue();
        assertThat(DerSignature.isLowS(DerSignature.HALF_N)).isTrue();
        byte[] above = DerSignature.HALF_N.add(BigInteger.ONE).toByteArray();
        System.arraycopy(above, above.length - 32, compact, 32, 32);
        assertThat(DerSignature.isLowS(compact, 32)).isFalse();
        assertThat(DerSignature.isLowS(DerSignature.HALF_N.add(BigInteger.ONE))).isFalse();
    }

    @Property(tries = 50)
    void compactAndDerRoundTrip(@ForAll byte[] seed) {
        byte[] key = Secp256k1.newPrivateKey(new SecureRandom(seed));
        byte[] sig = Secp256k1.sign(key, seed);
        assertThat(DerSignature.fromCompact(DerSignature.toCompact(sig))).isEqualTo(sig);
        assertThat(Secp256k1.verify(sig, Secp256k1.publicKey(key), seed)).isTrue();
    }
}
