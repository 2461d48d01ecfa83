package dev.tributary.oplog.identity;

import dev.tributary.oplog.cbor.DagCbor;
import dev.tributary.oplog.cid.Cid;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An OrbitDB identity as it is stored and referenced by entries: the dag-cbor block
 *
 * <pre>
 *   { id:         hex of the compressed public key of the "id key" (the key OrbitDB's keystore names after
 *                 the user's id, e.g. "userA"),
 *     publicKey:  hex of the compressed public key of the signing key, which signs entries,
 *     signatures: { id:        hex DER signature of the UTF-8 of id by the signing key,
 *                   publicKey: hex DER signature of the UTF-8 of (publicKey + signatures.id) by the id key },
 *     type:       "publickey" }
 * </pre>
 *
 * and its {@link #hash()} (the CID of that block, {@code zdpu...}), which entries carry in their
 * {@code identity} field. Immutable; validity is {@link Identities#verify}'s business, not the constructor's.
 */
public final class Identity {
    /** The only identity type Tributary knows: OrbitDB's default provider. */
    public static final String PUBLICKEY = "publickey";

    private static final Set<String> FIELDS = Set.of("id", "publicKey", "signatures", "type");
    private static final Set<String> SIGNATURE_FIELDS = Set.of("id", "publicKey");

    /** The two signatures of an identity, hex DER. */
    public record Signatures(String id, String publicKey) {
        public Signatures {
            Objects.requireNonNull(id, "signatures.id");
            Objects.requireNonNull(publicKey, "signatures.publicKey");
        }
    }

    private final String id;
    private final String publicKey;
    private final Signatures signatures;
    private final String type;
    private final byte[] bytes;
    private final Cid cid;

    private Identity(String id, String publicKey, Signatures signatures, String type, byte[] bytes) {
        this.id = id;
        this.publicKey = publicKey;
        this.signatures = signatures;
        this.type = type;
        this.bytes = bytes;
        this.cid = Cid.of(bytes);
    }

    /** The identity with these fields, encoded as OrbitDB encodes it. */
    public static Identity of(String id, String publicKey, Signatures signatures, String type) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(publicKey, "publicKey");
        Objects.requireNonNull(signatures, "signatures");
        Objects.requireNonNull(type, "type");
        Map<String, Object> sigs = new LinkedHashMap<>();
        sigs.put("id", signatures.id());
        sigs.put("publicKey", signatures.publicKey());
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("id", id);
        value.put("publicKey", publicKey);
        value.put("signatures", sigs);
        value.put("type", type);
        return new Identity(id, publicKey, signatures, type, DagCbor.encode(value));
    }

    /**
     * The identity in a dag-cbor block: canonical, with exactly the fields above, all strings.
     *
     * @throws IllegalArgumentException (a {@link dev.tributary.oplog.cbor.NonCanonicalCborException} for bad CBOR)
     *                                  saying what is wrong
     */
    public static Identity decode(byte[] block) {
        Object value = DagCbor.decode(block);
        Map<?, ?> map = fields(value, FIELDS, "an identity");
        Map<?, ?> sigs = fields(map.get("signatures"), SIGNATURE_FIELDS, "the identity's signatures");
        return new Identity(string(map, "id", ""), string(map, "publicKey", ""),
                new Signatures(string(sigs, "id", "signatures."), string(sigs, "publicKey", "signatures.")),
                string(map, "type", ""), block.clone());
    }

    private static Map<?, ?> fields(Object value, Set<String> expected, String what) {
        if (!(value instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException(what + " is not a map");
        }
        if (!map.keySet().equals(expected)) {
            throw new IllegalArgumentException(what + " has the fields " + map.keySet() + ", not " + expected);
        }
        return map;
    }

    private static String string(Map<?, ?> map, String key, String prefix) {
        if (!(map.get(key) instanceof String s) || s.isEmpty()) {
            throw new IllegalArgumentException("the identity's " + prefix + key + " is not a non-empty string");
        }
        return s;
    }

    /** Hex of the id key's compressed public key. */
    public String id() {
        return id;
    }

    /** Hex of the signing key's compressed public key: the {@code key} of this identity's entries. */
    public String publicKey() {
        return publicKey;
    }

    public Signatures signatures() {
        return signatures;
    }

    /** {@value #PUBLICKEY} for every identity Tributary makes. */
    public String type() {
        return type;
    }

    /** The CID text of the identity's block: what entries carry in {@code identity}. */
    public String hash() {
        return cid.toString();
    }

    /** The CID of the identity's block. */
    public Cid cid() {
        return cid;
    }

    /** The dag-cbor block (a copy). */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** Equal when the blocks are equal. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Identity other && cid.equals(other.cid);
    }

    @Override
    public int hashCode() {
        return cid.hashCode();
    }

    @Override
    public String toString() {
        return "Identity[" + hash() + ", id " + id + "]";
    }
}
