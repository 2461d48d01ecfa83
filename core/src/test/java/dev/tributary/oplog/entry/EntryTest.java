package dev.tributary.oplog.entry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.oplog.OrbitDbVectors;
import dev.tributary.oplog.cbor.DagCbor;
import dev.tributary.oplog.identity.LocalIdentity;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Entry.create's contract and Entry.decode's checks of shape and types. */
class EntryTest {
    private final LocalIdentity userA = OrbitDbVectors.local("userA");
    private final Entry entry = Entry.create(userA, "A", "hello", null, List.of(), List.of());

    @Test
    void createFillsTheFieldsAsOrbitDbDoes() {
        assertThat(entry.id()).isEqualTo("A");
        assertThat(entry.payload()).isEqualTo("hello");
        assertThat(entry.clock()).isEqualTo(new Clock(userA.identity().publicKey(), 0));
        assertThat(entry.v()).isEqualTo(2);
        assertThat(entry.key()).isEqualTo(userA.identity().publicKey());
        assertThat(entry.identity()).isEqualTo(userA.identity().hash());
        assertThat(entry.next()).isEmpty();
        assertThat(entry.refs()).isEmpty();
        assertThat(entry.hash()).isEqualTo(OrbitDbVectors.entry("hello").path("hash").asText());
        assertThat(Entry.decode(entry.bytes())).isEqualTo(entry);
    }

    /** The digest hashed from the block's parts is the SHA-256 of the signed bytes cut out of it. */
    @Test
    void theSignedDigestIsTheHashOfTheSignedBytes() throws Exception {
        Entry second = Entry.create(userA, "A", Map.of("op", "PUT", "key", "k", "value", "v"), entry.clock().tick(),
                List.of(entry.hash()), List.of());
        for (Entry e : List.of(entry, second)) {
            assertThat(e.signedDigest()).isEqualTo(
                    java.security.MessageDigest.getInstance("SHA-256").digest(e.signedBytes()));
        }
    }

    @Test
    void createRefusesWhatOrbitDbRefuses() {
        assertThatThrownBy(() -> Entry.create(userA, "A", null, null, List.of(), List.of()))
                .hasMessage("an entry needs a payload");
        assertThatThrownBy(() -> Entry.create(userA, "A", "x", null, List.of("not a cid"), List.of()))
                .hasMessageStartingWith("next[0]: not a CID");
        assertThatThrownBy(() -> Entry.create(userA, "A", 1.5, null, List.of(), List.of()))
                .hasMessageContaining("floating-point");
    }

    @Test
    void nextAndRefsParse() {
        Entry second = Entry.create(userA, "A", "two", entry.clock().tick(), List.of(entry.hash()), List.of(entry.hash()));
        assertThat(second.nextCids()).containsExactly(entry.cid());
        assertThat(second.refsCids()).containsExactly(entry.cid());
    }

    private static void malformed(byte[] block, String messagePart) {
        assertThatThrownBy(() -> Entry.decode(block)).isInstanceOfSatisfying(InvalidEntryException.class, e -> {
            assertThat(e.reason()).isEqualTo(EntryRejectReason.MALFORMED);
            assertThat(e.getMessage()).contains(messagePart);
        });
    }

    private byte[] with(Consumer<Map<String, Object>> change) {
        @SuppressWarnings("unchecked")
        Map<String, Object> fields = new LinkedHashMap<>((Map<String, Object>) DagCbor.decode(entry.bytes()));
        change.accept(fields);
        return DagCbor.encode(fields);
    }

    @Test
    void decodeChecksTheShape() {
        malformed(DagCbor.encode(List.of()), "is not a map");
        malformed(with(f -> f.remove("sig")), "not those of a version 2 entry");
        malformed(with(f -> f.put("extra", 1L)), "not those of a version 2 entry");
        malformed(with(f -> f.put("v", 1L)), "has version 1, not 2");
        malformed(with(f -> f.put("id", 7L)), "has a id that is not a string");
        malformed(with(f -> f.put("next", "zdpu")), "has a next that is not a list");
        malformed(with(f -> f.put("refs", List.of(1L))), "has refs[0] that is not a string");
        malformed(with(f -> f.put("next", List.of("Qmnope"))), "has next[0] that is not a CID");
        malformed(with(f -> f.put("clock", Map.of("id", "x"))), "clock that is not a map of id and time");
        malformed(with(f -> f.put("clock", Map.of("id", "x", "time", -1L))), "clock time that is not an integer");
        malformed(with(f -> f.put("clock", Map.of("id", 5L, "time", 1L))), "clock id that is not a string");
        malformed(with(f -> f.put("key", "")), "has a key that is not a non-empty string");
        malformed(with(f -> f.put("identity", "zzz")), "names an identity that is not a CID");
    }

    @Test
    void clocksCompareAsOrbitDbsCompareClocks() {
        Clock a1 = new Clock("A", 1);
        Clock b1 = new Clock("B", 1);
        Clock a2 = new Clock("A", 2);
        assertThat(a1).isLessThan(b1);
        assertThat(b1).isLessThan(a2);
        assertThat(a1.compareTo(new Clock("A", 1))).isZero();
        assertThat(a1.tick()).isEqualTo(a2);
        assertThat(a1.merge(new Clock("B", 5))).isEqualTo(new Clock("A", 5));
        assertThat(new Clock("Z", 3)).isLessThan(new Clock("a", 3));
        assertThatThrownBy(() -> new Clock("A", -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
