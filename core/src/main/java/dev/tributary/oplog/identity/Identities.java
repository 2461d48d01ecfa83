package dev.tributary.oplog.identity;

import dev.tributary.bytes.Sha256;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Verifies identities as OrbitDB's {@code Identities.verifyIdentity} with the {@code publickey} provider does:
 * the signing key ({@code publicKey}) signed the id, and the id key (whose public key is the {@code id}) signed
 * {@code publicKey + signatures.id}. Signatures are over the UTF-8 of those strings ({@link Secp256k1}).
 */
public final class Identities {
    private Identities() {
    }

    /** Whether the identity is valid. */
    public static boolean verify(Identity identity) {
        return problem(identity).isEmpty();
    }

    /** Why the identity is not valid, in a sentence; empty if it is. */
    public static Optional<String> problem(Identity identity) {
        if (!Identity.PUBLICKEY.equals(identity.type())) {
            return Optional.of("identity " + identity.hash() + " has type '" + identity.type()
                    + "'; only 'publickey' identities are known");
        }
        byte[] signingKey = publicKeyBytes(identity.publicKey());
        byte[] idKey = publicKeyBytes(identity.id());
        if (signingKey == null) {
            return Optional.of("identity " + identity.hash() + " has a publicKey that is not a hex secp256k1 key");
        }
        if (idKey == null) {
            return Optional.of("identity " + identity.hash() + " has an id that is not a hex secp256k1 key");
        }
        if (!verifyHex(identity.signatures().id(), signingKey, identity.id())) {
            return Optional.of("identity " + identity.hash() + ": the signature of its id by its publicKey does not verify");
        }
        if (!verifyHex(identity.signatures().publicKey(), idKey, identity.publicKey() + identity.signatures().id())) {
            return Optional.of("identity " + identity.hash()
                    + ": the signature of its publicKey by its id key does not verify");
        }
        return Optional.empty();
    }

    /**
     * Whether hex DER {@code signature} is {@code publicKeyHex}'s signature of the UTF-8 of {@code data}, as
     * OrbitDB's {@code verifyMessage} decides for string data.
     */
    public static boolean verifyMessage(String signature, String publicKeyHex, String data) {
        byte[] key = publicKeyBytes(publicKeyHex);
        return key != null && verifyHex(signature, key, data);
    }

    /**
     * As {@link #verifyMessage(String, String, String)} for bytes. The key is decoded and uncompressed once per
     * key text and kept ({@link #MAX_KEYS} keys at most), so the entries of one writer pay for it once.
     */
    public static boolean verifyMessage(String signature, String publicKeyHex, byte[] data) {
        return verifyDigest(signature, publicKeyHex, Sha256.sha256(data, 0, data.length));
    }

    /**
     * As {@link #verifyMessage(String, String, byte[])} for a message whose SHA-256 ({@code digest}) the caller
     * already has.
     */
    public static boolean verifyDigest(String signature, String publicKeyHex, byte[] digest) {
        byte[] key = parsedKey(publicKeyHex);
        byte[] der = key == null ? null : Hex.decodeOrNull(signature);
        return der != null && Secp256k1.verifyDigest(der, key, digest);
    }

    /** Public keys kept uncompressed by {@link #verifyMessage(String, String, byte[])}. */
    static final int MAX_KEYS = 4_096;
    private static final byte[] NOT_A_KEY = new byte[0];
    private static final Map<String, byte[]> KEYS = new ConcurrentHashMap<>();

    /** The uncompressed key of {@code hex}, or null when it is not a secp256k1 public key; kept. */
    private static byte[] parsedKey(String hex) {
        byte[] key = KEYS.get(hex);
        if (key == null) {
            byte[] bytes = publicKeyBytes(hex);
            key = bytes == null ? null : Secp256k1.uncompressed(bytes);
            if (key == null) {
                key = NOT_A_KEY;
            }
            if (KEYS.size() >= MAX_KEYS) {
                KEYS.clear(); // bounded; writers seen again are parsed again
            }
            KEYS.put(hex, key);
        }
        return key == NOT_A_KEY ? null : key;
    }

    private static boolean verifyHex(String signature, byte[] key, String data) {
        byte[] der = Hex.decodeOrNull(signature);
        return der != null && Secp256k1.verify(der, key, data.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] publicKeyBytes(String hex) {
        byte[] key = Hex.decodeOrNull(hex);
        return key != null && Secp256k1.isPublicKey(key) ? key : null;
    }
}
