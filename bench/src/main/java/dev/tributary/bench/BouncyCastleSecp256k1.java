package dev.tributary.bench;

import dev.tributary.bytes.Sha256;
import dev.tributary.oplog.identity.DerSignature;
import java.math.BigInteger;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;

/**
 * The same operations as {@link dev.tributary.oplog.identity.Secp256k1} (OrbitDB's: ECDSA of SHA-256 of the
 * message, RFC 6979 nonce, low s, strict DER) on Bouncy Castle's pure-Java secp256k1 (its custom curve, the fast
 * one). The baseline of {@code tributary bench secp256k1}, which chose libsecp256k1 for the product.
 */
public final class BouncyCastleSecp256k1 {
    private static final X9ECParameters CURVE = CustomNamedCurves.getByName("secp256k1");
    private static final ECDomainParameters DOMAIN = new ECDomainParameters(CURVE.getCurve(), CURVE.getG(),
            CURVE.getN(), CURVE.getH());

    private BouncyCastleSecp256k1() {
    }

    /** The 33-byte compressed public key of a 32-byte private key. */
    public static byte[] publicKey(byte[] privateKey) {
        return CURVE.getG().multiply(new BigInteger(1, privateKey)).normalize().getEncoded(true);
    }

    /** The strict DER, low-S, deterministic signature of SHA-256({@code message}). */
    public static byte[] sign(byte[] privateKey, byte[] message) {
        byte[] digest = Sha256.sha256(message, 0, message.length);
        ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
        signer.init(true, new ECPrivateKeyParameters(new BigInteger(1, privateKey), DOMAIN));
        BigInteger[] rs = signer.generateSignature(digest);
        BigInteger s = DerSignature.isLowS(rs[1]) ? rs[1] : DOMAIN.getN().subtract(rs[1]);
        return DerSignature.encode(rs[0], s);
    }

    /** Whether a strict-DER, low-S signature of SHA-256({@code message}) by {@code publicKey} verifies. */
    public static boolean verify(byte[] derSignature, byte[] publicKey, byte[] message) {
        byte[] digest = Sha256.sha256(message, 0, message.length);
        BigInteger[] rs;
        try {
            rs = DerSignature.decode(derSignature);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (!DerSignature.isLowS(rs[1])) {
            return false;
        }
        try {
            ECDSASigner verifier = new ECDSASigner();
            verifier.init(false, new ECPublicKeyParameters(CURVE.getCurve().decodePoint(publicKey), DOMAIN));
            return verifier.verifySignature(digest, rs[0], rs[1]);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
