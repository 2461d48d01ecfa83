package dev.tributary.oplog.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.oplog.cid.Cid;
import dev.tributary.store.ByteKeys;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class OrderKeyTest {

    /**
     * OrbitDB 4's comparator as it is written in conflict-resolution.js and clock.js (time, then clock id with
     * JavaScript's string {@code <}), with the CID as Tributary's last tie-break.
     */
    static int orbitDbCompare(OrderKey a, OrderKey b) {
        long dist = a.time() - b.time();
        if (dist == 0 && !a.clockId().equals(b.clockId())) {
            return jsLess(a.clockId(), b.clockId()) ? -1 : 1;
        }
        if (dist != 0) {
            return dist < 0 ? -1 : 1;
        }
        return java.util.Arrays.compareUnsigned(a.cid().bytes(), b.cid().bytes());
    }

    /** JavaScript's {@code a < b} on strings: UTF-16 code units, a prefix first. */
    private static boolean jsLess(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            if (a.charAt(i) != b.charAt(i)) {
                return a.charAt(i) < b.charAt(i);
            }
        }
        return a.length() < b.length();
    }

    @Provide
    Arbitrary<List<OrderKey>> keys() {
        Arbitrary<Long> times = Arbitraries.oneOf(Arbitraries.longs().between(0, 5),
                Arbitraries.longs().between(0, Long.MAX_VALUE));
        Arbitrary<String> ids = Arbitraries.oneOf(Arbitraries.of("02ab", "02abc", "03", "02", "a", "b"),
                Arbitraries.strings().withCharRange('0', 'f').ofMinLength(1).ofMaxLength(6));
        Arbitrary<Cid> cids = Arbitraries.integers().between(0, 20).map(i -> Cid.of(new byte[] {i.byteValue()}));
        return Combinators.combine(times, ids, cids).as(OrderKey::new).list().ofMaxSize(30);
    }

    @Property
    void ascendingBytesAreOrbitDbsTraversalOrder(@ForAll("keys") List<OrderKey> keys) {
        List<OrderKey> byBytes = new ArrayList<>(keys);
        byBytes.sort(Comparator.comparing(OrderKey::encode, ByteKeys.ORDER));
        List<OrderKey> byOrbitDb = new ArrayList<>(keys);
        byOrbitDb.sort((a, b) -> orbitDbCompare(b, a));
        assertThat(byBytes).containsExactlyElementsOf(byOrbitDb);
        List<OrderKey> byCompareTo = new ArrayList<>(keys);
        byCompareTo.sort(Comparator.reverseOrder());
        assertThat(byCompareTo).containsExactlyElementsOf(byOrbitDb);
    }

    @Property
    void ascendingEncodingIsTheOrderOldestFirst(@ForAll("keys") List<OrderKey> keys) {
        List<OrderKey> byBytes = new ArrayList<>(keys);
        byBytes.sort(Comparator.comparing(OrderKey::encodeAscending, ByteKeys.ORDER));
        List<OrderKey> expected = new ArrayList<>(keys);
        expected.sort(OrderKeyTest::orbitDbCompare);
        assertThat(byBytes).containsExactlyElementsOf(expected);
    }

    @Property
    void roundTrips(@ForAll("keys") List<OrderKey> keys) {
        for (OrderKey k : keys) {
            assertThat(OrderKey.decode(k.encode())).isEqualTo(k);
            assertThat(OrderKey.decodeAscending(k.encodeAscending(), 0)).isEqualTo(k);
        }
    }

    @Test
    void startOfTimeComesBeforeEveryKeyOfThatTimeAndAfterNewerOnes() {
        Cid cid = Cid.of(new byte[] {1});
        byte[] start = OrderKey.startOfTime(7);
        assertThat(ByteKeys.ORDER.compare(start, new OrderKey(7, "0", cid).encode())).isNegative();
        assertThat(ByteKeys.ORDER.compare(start, new OrderKey(8, "zz", cid).encode())).isPositive();
        assertThat(ByteKeys.ORDER.compare(start, new OrderKey(6, "0", cid).encode())).isNegative();
    }

    @Test
    void rejectsWhatCannotBeOrdered() {
        Cid cid = Cid.of(new byte[] {1});
        assertThatThrownBy(() -> new OrderKey(-1, "a", cid)).hasMessageContaining("never negative");
        assertThatThrownBy(() -> new OrderKey(1, "", cid)).hasMessageContaining("ASCII");
        assertThatThrownBy(() -> new OrderKey(1, "é", cid)).hasMessageContaining("ASCII");
    }
}
