package dev.tributary.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.oplog.identity.DerSignature;
import dev.tributary.oplog.identity.Secp256k1;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

/** The baseline makes the same signatures as the product's libsecp256k1, so the bench compares like with like. */
class BouncyCastleSecp256k1Test {

    @Test
    void bothLibrariesMakeAndAcceptTheSameSignatures() {
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < 20; i++) {
            byte[] key = Secp256k1.newPrivateKey(random);
            byte[] message = ("message " + i).getBytes(StandardCharsets.UTF_8);
            byte[] pub = Secp256k1.publicKey(key);
            assertThat(BouncyCastleSecp256k1.publicKey(key)).isEqualTo(pub);
            byte[] sig = Secp256k1.sign(key, message);
            assertThat(BouncyCastleSecp256k1.sign(key, message)).isEqualTo(sig);
            assertThat(BouncyCastleSecp256k1.verify(sig, pub, message)).isTrue();
            assertThat(BouncyCastleSecp256k1.verify(sig, pub, "other".getBytes(StandardCharsets.UTF_8))).isFalse();
            BigInteger[] rs = DerSignature.decode(sig);
            assertThat(BouncyCastleSecp256k1.verify(DerSignature.encode(rs[0], DerSignature.N.subtract(rs[1])), pub,
                    message)).as("high S").isFalse();
        }
    }

    @Test
    void theBenchReportsBothLibrariesAndTheirAgreement() {
        Secp256k1Bench.Result r = Secp256k1Bench.run(50, 1);
        assertThat(r.sameSignatures()).isTrue();
        assertThat(r.libsecp256k1().verifyPerSecond()).isPositive();
        assertThat(r.bouncyCastle().verifyPerSecond()).isPositive();
        assertThat(r.verifyRatio()).isPositive();
    }
}
