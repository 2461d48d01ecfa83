package dev.tributary.oplog.identity;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Objects;

/**
 * An identity with its two private keys, able to sign entries: what OrbitDB's {@code createIdentity} builds from
 * its keystore. The id key is the key the keystore files under the user's name ({@code "userA"}); the identity's
 * {@code id} is the hex of its public key. The signing key is the key the keystore files under that hex id; the
 * identity's {@code publicKey} is the hex of its public key, and it signs entries.
 *
 * <p>Holds private keys: never log it ({@link #toString()} shows only the identity).
 */
public final class LocalIdentity {
    private final byte[] idPrivateKey;
    private final byte[] signingPrivateKey;
    private final Identity identity;

    private LocalIdentity(byte[] idPrivateKey, byte[] signingPrivateKey) {
        this.idPrivateKey = idPrivateKey.clone();
        this.signingPrivateKey = signingPrivateKey.clone();
        String id = Hex.encode(Secp256k1.publicKey(idPrivateKey));
        String publicKey = Hex.encode(Secp256k1.publicKey(signingPrivateKey));
        String idSignature = Hex.encode(Secp256k1.sign(signingPrivateKey, id.getBytes(StandardCharsets.UTF_8)));
        String publicKeySignature = Hex.encode(Secp256k1.sign(idPrivateKey,
                (publicKey + idSignature).getBytes(StandardCharsets.UTF_8)));
        this.identity = Identity.of(id, publicKey, new Identity.Signatures(idSignature, publicKeySignature),
                Identity.PUBLICKEY);
    }

    /**
     * A new identity with fresh keys. {@code name} is the name OrbitDB's keystore would file the id key under; it
     * does not enter the identity, and is checked only to be non-empty as OrbitDB requires.
     */
    public static LocalIdentity create(String name, SecureRandom random) {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("an identity needs a non-empty name");
        }
        return new LocalIdentity(Secp256k1.newPrivateKey(random), Secp256k1.newPrivateKey(random));
    }

    /**
     * The identity of two fixed keys, as OrbitDB derives it from a keystore holding them (its test fixtures keep
     * such keys). Deterministic: the same keys give the same identity, byte for byte.
     */
    public static LocalIdentity fromPrivateKeys(byte[] idPrivateKey, byte[] signingPrivateKey) {
        return new LocalIdentity(idPrivateKey, signingPrivateKey);
    }

    public Identity identity() {
        return identity;
    }

    /** The signature of {@code data} by the signing key, as OrbitDB stores it: hex of the DER bytes. */
    public String sign(byte[] data) {
        return Hex.encode(Secp256k1.sign(signingPrivateKey, data));
    }

    /** The id key's private key (a copy), for a keystore to persist. */
    public byte[] idPrivateKey() {
        return idPrivateKey.clone();
    }

    /** The signing key's private key (a copy), for a keystore to persist. */
    public byte[] signingPrivateKey() {
        return signingPrivateKey.clone();
    }

    @Override
    public String toString() {
        return "LocalIdentity[" + identity.hash() + "]";
    }
}
