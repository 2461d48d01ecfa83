package dev.tributary.oplog.cbor;

/**
 * Bytes that are not canonical dag-cbor: the {@link Rule} broken, the offset where, and a message naming both
 * ("map keys out of canonical order at offset 17").
 */
public final class NonCanonicalCborException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** The rules of strict dag-cbor that {@link DagCbor#decode} enforces. */
    public enum Rule {
        /** The bytes end inside a value, or a length exceeds what remains. */
        TRUNCATED,
        /** Bytes follow the single top-level value. */
        TRAILING_BYTES,
        /** An integer or a length not written in its shortest form. */
        INTEGER_WIDTH,
        /** An indefinite-length string, array or map. */
        INDEFINITE_LENGTH,
        /** A floating-point number (Tributary's dag-cbor has none). */
        FLOAT,
        /** A tag other than 42. */
        TAG,
        /** Tag 42 whose content is not a byte string holding 0x00 and a valid binary CID. */
        BAD_LINK,
        /** A map key that is not a text string. */
        MAP_KEY_TYPE,
        /** Map keys not sorted length-first, then bytewise. */
        KEY_ORDER,
        /** The same key twice in a map. */
        DUPLICATE_KEY,
        /** A text string that is not valid UTF-8. */
        INVALID_UTF8,
        /** {@code undefined} or a simple value other than false, true and null. */
        SIMPLE_VALUE,
        /** Reserved additional information, or a break outside an indefinite-length item. */
        MALFORMED,
        /** Nesting deeper than {@link DagCbor#MAX_DEPTH}. */
        TOO_DEEP
    }

    private final Rule rule;
    private final int offset;

    NonCanonicalCborException(Rule rule, int offset, String what) {
        super(what + " at offset " + offset);
        this.rule = rule;
        this.offset = offset;
    }

    public Rule rule() {
        return rule;
    }

    /** The offset in the input of the item that broke the rule. */
    public int offset() {
        return offset;
    }
}
