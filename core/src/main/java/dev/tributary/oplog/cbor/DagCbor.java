package dev.tributary.oplog.cbor;

/**
 * Strict dag-cbor, the encoding of every block OrbitDB writes (entries, identities, manifests, access lists).
 *
 * <p>Value model, both ways: {@code Map<String, Object>} (on decode, insertion order is the canonical order),
 * {@code List<Object>}, {@code String}, {@code Long} ({@code BigInteger} beyond a long; {@code Integer},
 * {@code Short} and {@code Byte} are accepted on encode), {@code byte[]}, {@code Boolean}, {@code null} and
 * {@link dev.tributary.oplog.cid.Cid} (tag 42). There are no floats: the encoder refuses them and the decoder
 * rejects them. Decoded maps and lists are unmodifiable.
 *
 * <p>Canonical form, which {@link #encode} always writes and {@link #decode} demands (anything else is a
 * {@link NonCanonicalCborException} naming the {@link NonCanonicalCborException.Rule} and the offset):
 * <ul>
 *   <li>every integer and length in its shortest head (value below 24 in the initial byte, then 1, 2, 4, 8 bytes);</li>
 *   <li>definite lengths only;</li>
 *   <li>map keys are text strings, sorted by the length of their UTF-8 bytes, then bytewise; no duplicates;</li>
 *   <li>no tag but 42, whose content is a byte string of 0x00 followed by a binary CID;</li>
 *   <li>simple values false, true and null only; text strings valid UTF-8;</li>
 *   <li>exactly one value: no trailing bytes.</li>
 * </ul>
 * Decoding a canonical block and encoding the result gives the same bytes.
 */
public final class DagCbor {
    /** Deepest nesting of maps, lists and tags accepted either way. */
    public static final int MAX_DEPTH = 128;

    private DagCbor() {
    }

    /**
     * The canonical dag-cbor of {@code value}.
     *
     * @throws IllegalArgumentException for a value outside the model (a float, a non-string map key, an integer
     *                                  beyond 64 bits, nesting deeper than {@link #MAX_DEPTH})
     */
    public static byte[] encode(Object value) {
        return new CborEncoder().encode(value);
    }

    /**
     * The value of a canonical dag-cbor block.
     *
     * @throws NonCanonicalCborException if the bytes are malformed or break a rule of the canonical form
     */
    public static Object decode(byte[] bytes) {
        return new CborDecoder(bytes).decodeWhole();
    }

    /**
     * The canonical dag-cbor of the map in {@code canonicalMap} without the entries whose keys are in {@code keys},
     * cut from its bytes: the same bytes as {@code encode} of the decoded map without them, without decoding or
     * encoding any value. {@code canonicalMap} must be canonical (as {@link #decode} accepted it).
     *
     * @throws IllegalArgumentException if the bytes are not one map
     */
    public static byte[] mapWithout(byte[] canonicalMap, java.util.Set<String> keys) {
        return CanonicalMaps.without(canonicalMap, keys);
    }

    /**
     * The SHA-256 of {@link #mapWithout mapWithout(canonicalMap, keys)}, hashed from the parts of
     * {@code canonicalMap} that stay, without making that copy.
     *
     * @throws IllegalArgumentException if the bytes are not one map
     */
    public static byte[] sha256OfMapWithout(byte[] canonicalMap, java.util.Set<String> keys) {
        return CanonicalMaps.sha256Without(canonicalMap, keys);
    }
}
