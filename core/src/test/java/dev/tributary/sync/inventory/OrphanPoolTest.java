package dev.tributary.sync.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.bytes.Hash;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** The orphan pool's bounds, its index by missing parent, and its root lookups. */
class OrphanPoolTest {

    private static Hash h(int n) {
        byte[] b = new byte[32];
        b[0] = (byte) n;
        b[1] = (byte) (n >> 8);
        b[2] = (byte) (n >> 16);
        b[31] = 1;
        return Hash.wrap(b);
    }

    @Test
    void aFullPoolEvictsTheOldestFirst() {
        OrphanPool<String> pool = new OrphanPool<>(3, 1_000);
        for (int i = 1; i <= 4; i++) {
            assertThat(pool.add(h(i), "b" + i, List.of(h(100 + i)), i)).isTrue();
        }
        assertThat(pool.size()).isEqualTo(3);
        assertThat(pool.contains(h(1))).isFalse();
        assertThat(pool.waitingOn(h(101))).as("its index entry went with it").isEmpty();
        assertThat(pool.add(h(4), "again", List.of(h(104)), 5)).isFalse();
    }

    @Test
    void orphansExpireAfterTheirTime() {
        OrphanPool<String> pool = new OrphanPool<>();
        pool.add(h(1), "old", List.of(h(9)), 0);
        pool.add(h(2), "young", List.of(h(9)), 1_000);
        assertThat(pool.expire(OrphanPool.DEFAULT_EXPIRY_MILLIS - 1)).isZero();
        assertThat(pool.expire(OrphanPool.DEFAULT_EXPIRY_MILLIS)).isEqualTo(1);
        assertThat(pool.waitingOn(h(9))).containsExactly(h(2));
    }

    @Test
    void takeChildrenOfReturnsOnlyOrphansThatMissNothingMore() {
        OrphanPool<String> pool = new OrphanPool<>();
        pool.add(h(1), "child of a", List.of(h(10)), 0);
        pool.add(h(2), "child of a and b", List.of(h(10), h(11)), 0);

        assertThat(pool.takeChildrenOf(h(10))).extracting(OrphanPool.Orphan::hash).containsExactly(h(1));
        assertThat(pool.contains(h(2))).isTrue();
        assertThat(pool.waitingOn(h(11))).containsExactly(h(2));
        assertThat(pool.takeChildrenOf(h(10))).isEmpty();
        assertThat(pool.takeChildrenOf(h(11))).extracting(OrphanPool.Orphan::block).containsExactly("child of a and b");
        assertThat(pool.size()).isZero();
    }

    @Test
    void theRootIsTheOldestOrphanAncestorAndTheMissingAncestorsAreWhatToRequest() {
        OrphanPool<String> pool = new OrphanPool<>();
        // 3 <- 4 <- 5, and 5 also waits on 7, which is missing; 3 waits on 2.
        pool.add(h(5), "5", List.of(h(4), h(7)), 0);
        pool.add(h(4), "4", List.of(h(3)), 0);
        pool.add(h(3), "3", List.of(h(2)), 0);

        assertThat(pool.orphanRoot(h(5))).contains(h(3));
        assertThat(pool.orphanRoot(h(3))).contains(h(3));
        assertThat(pool.orphanRoot(h(99))).isEmpty();
        assertThat(pool.missingAncestors(h(5))).isEqualTo(Set.of(h(2), h(7)));
    }

    @Property(tries = 50)
    void noSequenceOfAddsPushesThePoolPastItsCapacity(@ForAll @Size(max = 400) List<@IntRange(max = 300) Integer> ids,
            @ForAll @IntRange(min = 1, max = 50) int capacity) {
        OrphanPool<Integer> pool = new OrphanPool<>(capacity, 1_000_000);
        long now = 0;
        for (int id : ids) {
            pool.add(h(id), id, List.of(h(id + 1), h(id / 2 + 1000)), now++);
            assertThat(pool.size()).isLessThanOrEqualTo(capacity);
        }
        for (int id : ids) {
            pool.takeChildrenOf(h(id + 1));
            pool.takeChildrenOf(h(id / 2 + 1000));
        }
        assertThat(pool.size()).isZero();
    }
}
