package dev.tributary.sync.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.bytes.Hash;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** The orphan pool's bound in bytes: what 700 large orphans would otherwise hold. */
class OrphanPoolBytesTest {

    private static Hash h(int n) {
        byte[] b = new byte[32];
        b[0] = (byte) n;
        b[1] = (byte) (n >> 8);
        b[2] = (byte) (n >> 16);
        b[31] = 2;
        return Hash.wrap(b);
    }

    @Test
    void theOldestGoWhenTheBytesAreFull() {
        OrphanPool<Integer> pool = new OrphanPool<>(700, 1_000, 60_000, size -> size);
        assertThat(pool.add(h(1), 200, List.of(h(1001)), 1)).isTrue();
        assertThat(pool.add(h(2), 250, List.of(h(1002)), 2)).isTrue();
        assertThat(pool.add(h(3), 250, List.of(h(1003)), 3)).isTrue();
        assertThat(pool.add(h(4), 250, List.of(h(1004)), 4)).isTrue();
        assertThat(pool.bytes()).isEqualTo(950);
        assertThat(pool.add(h(5), 100, List.of(h(1005)), 5)).isTrue();
        assertThat(pool.contains(h(1))).as("the oldest made room").isFalse();
        assertThat(pool.bytes()).isEqualTo(850);
        assertThat(pool.waitingOn(h(1001))).isEmpty();
    }

    @Test
    void anOrphanOverAQuarterOfTheBytesIsNotKept() {
        OrphanPool<Integer> pool = new OrphanPool<>(700, 1_000, 60_000, size -> size);
        assertThat(pool.fits(250)).isTrue();
        assertThat(pool.fits(251)).isFalse();
        assertThat(pool.add(h(1), 251, List.of(h(2)), 1)).isFalse();
        assertThat(pool.size()).isZero();
    }

    @Test
    void takingExpiringAndRemovingGiveTheBytesBack() {
        OrphanPool<Integer> pool = new OrphanPool<>(700, 10_000, 100, size -> size);
        pool.add(h(1), 100, List.of(h(9)), 0);
        pool.add(h(2), 200, List.of(h(9)), 50);
        pool.add(h(3), 300, List.of(h(8)), 60);
        assertThat(pool.takeChildrenOf(h(9))).hasSize(2);
        assertThat(pool.bytes()).isEqualTo(300);
        pool.remove(h(3));
        assertThat(pool.bytes()).isZero();
        pool.add(h(4), 400, List.of(h(7)), 0);
        pool.expire(200);
        assertThat(pool.bytes()).isZero();
    }

    /** Whatever sizes arrive, the pool's bytes stay within the bound and equal the sum of what it holds. */
    @Property
    void theBytesNeverPassTheBound(@ForAll @Size(max = 300) List<@IntRange(min = 1, max = 400) Integer> sizes) {
        OrphanPool<Integer> pool = new OrphanPool<>(50, 1_600, 1_000_000, size -> size);
        long held = 0;
        int n = 0;
        for (int size : sizes) {
            pool.add(h(n), size, List.of(h(100_000 + n)), n);
            n++;
            assertThat(pool.bytes()).isLessThanOrEqualTo(1_600);
            assertThat(pool.size()).isLessThanOrEqualTo(50);
        }
        for (int i = 0; i < n; i++) {
            if (pool.contains(h(i))) {
                held += pool.get(h(i)).orElseThrow();
            }
        }
        assertThat(pool.bytes()).isEqualTo(held);
    }
}
