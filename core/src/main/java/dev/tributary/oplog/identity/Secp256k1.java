package dev.tributary.oplog.identity;

import dev.tributary.bytes.Sha256;
import java.math.BigInteger;
import java.security.SecureRandom;

/**
 * ECDSA on secp256k1 exactly as OrbitDB's keystore signs and verifies (libp2p's {@code hashAndSign} /
 * {@code hashAndVerify}): the SHA-256 of the message is signed with RFC 6979's deterministic nonce, s is made low,
 * and the signature travels as strict DER ({@link DerSignature}); verification demands strict DER and a low s.
 * Because the nonce is deterministic, the same key and message give the same bytes as OrbitDB.
 *
 * <p>Backed by libsecp256k1 through ACINQ's JNI binding (the native library ships inside its jar): measured
 * against Bouncy Castle by {@code tributary bench secp256k1}, which keeps Bouncy Castle only as its baseline.
 * Keys: private keys are 32 bytes; public keys are 33-byte compressed points (65-byte uncompressed points are
 * accepted on verification, as OrbitDB accepts them). Thread-safe.
 */
public final class Secp256k1 {
    private static final fr.acinq.secp256k1.Secp256k1 NATIVE = load();

    private Secp256k1() {
    }

    private static fr.acinq.secp256k1.Secp256k1 load() {
        try {
            return fr.acinq.secp256k1.Secp256k1.get();
        } catch (RuntimeException | LinkageError e) {
            throw new IllegalStateException("libsecp256k1 could not be loaded for " + System.getProperty("os.name")
                    + " on " + System.getProperty("os.arch") + " (the secp256k1-kmp-jni-jvm jars ship it for Linux,"
                    + " macOS and Windows on x86-64 and arm64)", e);
        }
    }

    /** A new private key from {@code random}. */
    public static byte[] newPrivateKey(SecureRandom random) {
        byte[] key = new byte[32];
        do {
            random.nextBytes(key);
        } while (!isPrivateKey(key));
        return key;
    }

    /** Whether {@code key} is 32 bytes in [1, n - 1]. */
    public static boolean isPrivateKey(byte[] key) {
        if (key.length != 32) {
            return false;
        }
        BigInteger k = new BigInteger(1, key);
        return k.signum() > 0 && k.compareTo(DerSignature.N) < 0;
    }

    /** The 33-byte compressed public key of a private key. */
    public static byte[] publicKey(byte[] privateKey) {
        requirePrivateKey(privateKey);
        return NATIVE.pubKeyCompress(NATIVE.pubkeyCreate(privateKey));
    }

    /** The DER signature of SHA-256({@code message}), deterministic and low-S. */
    public static byte[] sign(byte[] privateKey, byte[] message) {
        return signDigest(privateKey, Sha256.sha256(message, 0, message.length));
    }

    /** The DER signature of a 32-byte digest, deterministic (RFC 6979) and low-S. */
    public static byte[] signDigest(byte[] privateKey, byte[] digest) {
        requirePrivateKey(privateKey);
        if (digest.length != 32) {
            throw new IllegalArgumentException("a digest has 32 bytes, not " + digest.length);
        }
        return DerSignature.fromCompact(NATIVE.sign(digest, privateKey));
    }

    /**
     * Whether {@code derSignature} is a valid strict-DER, low-S signature of SHA-256({@code message}) by
     * {@code publicKey}. Malformed signatures and keys verify as false.
     */
    public static boolean verify(byte[] derSignature, byte[] publicKey, byte[] message) {
        return verifyDigest(derSignature, publicKey, Sha256.sha256(message, 0, message.length));
    }

    /** {@link #verify} over a digest already computed. */
    public static boolean verifyDigest(byte[] derSignature, byte[] publicKey, byte[] digest) {
        if (!isPublicKey(publicKey) || digest.length != 32) {
            return false;
        }
        byte[] compact;
        try {
            compact = DerSignature.toCompact(derSignature);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (!DerSignature.isLowS(compact, 32)) {
            return false;
        }
        try {
            return NATIVE.verify(compact, digest, publicKey);
        } catch (RuntimeException e) {
            // the binding throws on a public key that is not on the curve
            return false;
        }
    }

    /**
     * The 65-byte uncompressed form of public key {@code key} (33 or 65 bytes), or null when it is not a point of
     * the curve. Verifying against the uncompressed form spares libsecp256k1 decompressing the key (a square root)
     * on every signature: what a verifier that sees the same writer many times keeps.
     */
    public static byte[] uncompressed(byte[] key) {
        if (!isPublicKey(key)) {
            return null;
        }
        try {
            return NATIVE.pubkeyParse(key);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Whether {@code key} has the shape of a public key: 33 bytes starting 02/03, or 65 bytes starting 04. */
    static boolean isPublicKey(byte[] key) {
        return key.length == 33 && (key[0] == 2 || key[0] == 3) || key.length == 65 && key[0] == 4;
    }

    private static void requirePrivateKey(byte[] key) {
        if (!isPrivateKey(key)) {
            throw new IllegalArgumentException("a secp256k1 private key is 32 bytes in [1, n - 1]");
        }
    }
}
