package dev.tributary.oplog.entry;

import dev.tributary.oplog.cbor.DagCbor;
import dev.tributary.oplog.cbor.NonCanonicalCborException;
import dev.tributary.oplog.cid.Cid;
import dev.tributary.oplog.identity.Identity;
import dev.tributary.oplog.identity.LocalIdentity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An entry of an OrbitDB log, version 2, as {@code @orbitdb/core} 4 writes it: the dag-cbor block
 *
 * <pre>
 *   { id:       the log's id (string),
 *     payload:  any dag-cbor value (the database's operation),
 *     next:     [CID text of the entries it directly follows (the heads when it was written)],
 *     refs:     [CID text of older entries, shortcuts for traversal],
 *     clock:    { id: the writer's public key (hex), time: Lamport time },
 *     v:        2,
 *     key:      the writer's public key (hex), its identity's publicKey,
 *     identity: the CID text of the writer's identity block,
 *     sig:      hex DER signature by key of the dag-cbor of {id, payload, next, refs, clock, v} }
 * </pre>
 *
 * Written canonically (keys ordered {@code v, id, key, sig, next, refs, clock, payload, identity}); its
 * {@link #cid()} is the CIDv1 (dag-cbor, sha2-256) of the block, which OrbitDB calls the entry's hash. Immutable.
 * Decoding checks the bytes and the shape; whether the signature and identity hold is {@link EntryVerifier}'s
 * business.
 */
public final class Entry {
    /** The only entry version Tributary reads and writes. */
    public static final long VERSION = 2;

    private static final Set<String> FIELDS = Set.of("id", "payload", "next", "refs", "clock", "v", "key", "identity", "sig");
    /** The fields the signature does not cover. */
    private static final Set<String> UNSIGNED_FIELDS = Set.of("key", "identity", "sig");
    private static final Set<String> CLOCK_FIELDS = Set.of("id", "time");

    private final String id;
    private final Object payload;
    private final List<String> next;
    private final List<String> refs;
    /** {@link #next} and {@link #refs} parsed once, when the entry is made or decoded. */
    private final List<Cid> nextCids;
    private final List<Cid> refsCids;
    private final Clock clock;
    private final String key;
    private final String identity;
    private final String sig;
    private final byte[] bytes;
    private final Cid cid;

    private Entry(String id, Object payload, List<String> next, List<Cid> nextCids, List<String> refs,
            List<Cid> refsCids, Clock clock, String key, String identity, String sig, byte[] bytes, Cid cid) {
        this.id = id;
        this.payload = payload;
        this.next = next;
        this.nextCids = nextCids;
        this.refs = refs;
        this.refsCids = refsCids;
        this.clock = clock;
        this.key = key;
        this.identity = identity;
        this.sig = sig;
        this.bytes = bytes;
        this.cid = cid;
    }

    /**
     * A new entry signed by {@code writer}, as OrbitDB's {@code Entry.create}: a null {@code clock} is the
     * writer's clock at time 0.
     *
     * @throws IllegalArgumentException if the payload is null or has no dag-cbor form, or a link is not CID text
     */
    public static Entry create(LocalIdentity writer, String logId, Object payload, Clock clock, List<String> next,
            List<String> refs) {
        Objects.requireNonNull(writer, "writer");
        Objects.requireNonNull(logId, "logId");
        if (payload == null) {
            throw new IllegalArgumentException("an entry needs a payload");
        }
        Objects.requireNonNull(next, "next");
        Objects.requireNonNull(refs, "refs");
        Identity identity = writer.identity();
        Clock c = clock != null ? clock : Clock.start(identity.publicKey());
        List<String> nextCopy = List.copyOf(next);
        List<String> refsCopy = List.copyOf(refs);
        List<Cid> nextCids = links(nextCopy, "next");
        List<Cid> refsCids = links(refsCopy, "refs");
        Map<String, Object> value = unsignedValue(logId, payload, nextCopy, refsCopy, c);
        String sig = writer.sign(DagCbor.encode(value));
        value.put("key", identity.publicKey());
        value.put("identity", identity.hash());
        value.put("sig", sig);
        byte[] bytes = DagCbor.encode(value);
        // decode the payload back so that the entry holds the same (unmodifiable, Long-typed) value a reader gets
        Object storedPayload = ((Map<?, ?>) DagCbor.decode(bytes)).get("payload");
        return new Entry(logId, storedPayload, nextCopy, nextCids, refsCopy, refsCids, c, identity.publicKey(),
                identity.hash(), sig, bytes, Cid.of(bytes));
    }

    /** The links parsed; throws IllegalArgumentException naming the first that is not CID text. */
    private static List<Cid> links(List<String> links, String field) {
        Cid[] parsed = new Cid[links.size()];
        for (int i = 0; i < parsed.length; i++) {
            try {
                parsed[i] = Cid.parse(links.get(i));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(field + "[" + i + "]: " + e.getMessage(), e);
            }
        }
        return List.of(parsed);
    }

    private static Map<String, Object> unsignedValue(String logId, Object payload, List<String> next, List<String> refs,
            Clock clock) {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("id", logId);
        value.put("payload", payload);
        value.put("next", next);
        value.put("refs", refs);
        value.put("clock", clock.toValue());
        value.put("v", VERSION);
        return value;
    }

    /**
     * The entry in a block: canonical dag-cbor with exactly the fields of a version 2 entry, each of its type.
     *
     * @throws InvalidEntryException with reason {@link EntryRejectReason#NON_CANONICAL} or
     *                               {@link EntryRejectReason#MALFORMED}
     */
    public static Entry decode(byte[] block) {
        return decode(block.clone(), null);
    }

    /**
     * The entry in a block fetched under {@code expected}: as {@link #decode(byte[])}, and the block must hash to
     * {@code expected} (else reason {@link EntryRejectReason#CID_MISMATCH}).
     */
    public static Entry decode(Cid expected, byte[] block) {
        Objects.requireNonNull(expected, "expected");
        return decode(block.clone(), expected);
    }

    /**
     * As {@link #decode(Cid, byte[])}, keeping {@code block} itself instead of a copy: for a caller that hands over
     * an array of its own, such as a block just read off the wire, and never modifies it afterwards.
     */
    public static Entry decodeHandedOver(Cid expected, byte[] block) {
        Objects.requireNonNull(expected, "expected");
        return decode(block, expected);
    }

    private static Entry decode(byte[] block, Cid expected) {
        Cid cid = Cid.of(block);
        if (expected != null && !expected.equals(cid)) {
            throw new InvalidEntryException(EntryRejectReason.CID_MISMATCH,
                    "the entry's bytes hash to " + cid + ", not to " + expected);
        }
        Object value;
        try {
            value = DagCbor.decode(block);
        } catch (NonCanonicalCborException e) {
            throw new InvalidEntryException(EntryRejectReason.NON_CANONICAL, "entry " + cid + ": " + e.getMessage(), e);
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw malformed(cid, "is not a map");
        }
        if (!map.keySet().equals(FIELDS)) {
            throw malformed(cid, "has the fields " + map.keySet() + ", not those of a version 2 entry " + FIELDS);
        }
        if (!(map.get("v") instanceof Long v) || v != VERSION) {
            throw malformed(cid, "has version " + map.get("v") + ", not 2");
        }
        String logId = string(map, "id", cid, true);
        List<String> next = linkList(map, "next", cid);
        List<String> refs = linkList(map, "refs", cid);
        List<Cid> nextCids = parsedLinks(next, "next", cid);
        List<Cid> refsCids = parsedLinks(refs, "refs", cid);
        Clock clock = clock(map.get("clock"), cid);
        String key = string(map, "key", cid, false);
        String identity = string(map, "identity", cid, false);
        try {
            Cid.parse(identity);
        } catch (IllegalArgumentException e) {
            throw malformed(cid, "names an identity that is not a CID (" + e.getMessage() + ")");
        }
        String sig = string(map, "sig", cid, false);
        return new Entry(logId, map.get("payload"), next, nextCids, refs, refsCids, clock, key, identity, sig, block,
                cid);
    }

    private static InvalidEntryException malformed(Cid cid, String what) {
        return new InvalidEntryException(EntryRejectReason.MALFORMED, "entry " + cid + " " + what);
    }

    private static String string(Map<?, ?> map, String field, Cid cid, boolean mayBeEmpty) {
        if (!(map.get(field) instanceof String s) || !mayBeEmpty && s.isEmpty()) {
            throw malformed(cid, "has a " + field + " that is not a " + (mayBeEmpty ? "" : "non-empty ") + "string");
        }
        return s;
    }

    private static List<String> linkList(Map<?, ?> map, String field, Cid cid) {
        if (!(map.get(field) instanceof List<?> list)) {
            throw malformed(cid, "has a " + field + " that is not a list");
        }
        List<String> links = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof String s)) {
                throw malformed(cid, "has " + field + "[" + i + "] that is not a string");
            }
            links.add(s);
        }
        return List.copyOf(links);
    }

    private static List<Cid> parsedLinks(List<String> links, String field, Cid cid) {
        Cid[] parsed = new Cid[links.size()];
        for (int i = 0; i < parsed.length; i++) {
            try {
                parsed[i] = Cid.parse(links.get(i));
            } catch (IllegalArgumentException e) {
                throw malformed(cid, "has " + field + "[" + i + "] that is not a CID (" + e.getMessage() + ")");
            }
        }
        return List.of(parsed);
    }

    private static Clock clock(Object value, Cid cid) {
        if (!(value instanceof Map<?, ?> map) || !map.keySet().equals(CLOCK_FIELDS)) {
            throw malformed(cid, "has a clock that is not a map of id and time");
        }
        if (!(map.get("id") instanceof String clockId)) {
            throw malformed(cid, "has a clock id that is not a string");
        }
        if (!(map.get("time") instanceof Long time) || time < 0) {
            throw malformed(cid, "has a clock time that is not an integer in [0, 2^63)");
        }
        return new Clock(clockId, time);
    }

    /** The log's id. */
    public String id() {
        return id;
    }

    /** The payload as decoded from the block (maps and lists unmodifiable, integers as Long). */
    public Object payload() {
        return payload;
    }

    /** CID text of the entries this one directly follows. */
    public List<String> next() {
        return next;
    }

    /** CID text of older entries this one points to. */
    public List<String> refs() {
        return refs;
    }

    /** {@link #next()} parsed (once, when the entry was made or decoded). */
    public List<Cid> nextCids() {
        return nextCids;
    }

    /** {@link #refs()} parsed (once, when the entry was made or decoded). */
    public List<Cid> refsCids() {
        return refsCids;
    }

    public Clock clock() {
        return clock;
    }

    /** Always {@value #VERSION}. */
    public long v() {
        return VERSION;
    }

    /** The writer's public key (hex). */
    public String key() {
        return key;
    }

    /** The CID text of the writer's identity. */
    public String identity() {
        return identity;
    }

    /** The signature (hex DER) of {@link #signedBytes()} by {@link #key()}. */
    public String sig() {
        return sig;
    }

    /** The entry's CID: what OrbitDB calls its hash. */
    public Cid cid() {
        return cid;
    }

    /** {@link #cid()} as text ({@code zdpu...}). */
    public String hash() {
        return cid.toString();
    }

    /** The block (a copy). */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** The size of the block in bytes. */
    public int size() {
        return bytes.length;
    }

    /** The bytes the signature covers: the dag-cbor of {@code {id, payload, next, refs, clock, v}}. */
    public byte[] signedBytes() {
        // The block is canonical (decoded strictly, or encoded here): cutting the signature's fields out of it gives
        // the canonical encoding of the rest, several times faster than encoding the fields again.
        return DagCbor.mapWithout(bytes, UNSIGNED_FIELDS);
    }

    /** The SHA-256 of {@link #signedBytes()}, what the signature signs, hashed without copying them out. */
    public byte[] signedDigest() {
        return DagCbor.sha256OfMapWithout(bytes, UNSIGNED_FIELDS);
    }

    /** Equal when the blocks are equal. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Entry other && cid.equals(other.cid);
    }

    @Override
    public int hashCode() {
        return cid.hashCode();
    }

    @Override
    public String toString() {
        return "Entry[" + cid + ", log " + id + ", clock " + clock.id().substring(0, Math.min(8, clock.id().length()))
                + "@" + clock.time() + "]";
    }
}
