package dev.tributary.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ListedWatchTest {
    private static final String A = "/orbitdb/zdpuAkstgbTVGHQmMi5TC84auhJ8rL5qoaNEtXo2d5PHXs2To";
    private static final String B = "/orbitdb/zdpuB1vHqZW9uRYzq4ZE6Q2xz7yZ2bu2mD3pxJXcyoA2KJ2zM";

    private final AtomicLong now = new AtomicLong(1_000);
    private final ListedWatch watch = new ListedWatch(A, now::get);

    @Test
    void noListYetIsNotALack() {
        now.addAndGet(10_000);
        assertThat(watch.unlistedFor(5)).isFalse();
    }

    @Test
    void aListWithoutTheAddressCountsFromWhenItCame() {
        watch.peerListed("peer 1", Set.of(B));
        now.addAndGet(99);
        assertThat(watch.unlistedFor(100)).isFalse();
        now.addAndGet(1);
        assertThat(watch.unlistedFor(100)).isTrue();
        watch.peerListed("peer 1", Set.of()); // a later list lacking it too does not restart the count
        assertThat(watch.unlistedFor(100)).isTrue();
    }

    @Test
    void aListNamingTheAddressEndsTheLack() {
        watch.peerListed("peer 1", Set.of(B));
        now.addAndGet(50);
        watch.peerListed("peer 1", Set.of(A, B));
        now.addAndGet(1_000);
        assertThat(watch.unlistedFor(100)).isFalse();
    }
}
