package dev.tributary.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** Per-peer lanes drained round-robin: a flood delays others by one event per turn; a parked lane waits. */
class FairInboxTest {
    private final ArrayDeque<Runnable> engine = new ArrayDeque<>();
    private final FairInbox inbox = new FairInbox(engine::add);
    private final List<String> ran = new ArrayList<>();

    private void submit(long lane, String event) {
        inbox.submit(lane, () -> false, () -> ran.add(event));
    }

    private void drain() {
        while (!engine.isEmpty()) {
            engine.poll().run();
        }
    }

    @Test
    void aFloodingPeerDelaysAnotherByOneEventPerTurn() {
        for (int i = 0; i < 1_000; i++) {
            submit(1, "flood" + i);
        }
        submit(2, "honest");
        drain();
        assertThat(ran.indexOf("honest")).isLessThanOrEqualTo(1);
        assertThat(ran).hasSize(1_001);
    }

    @Test
    void aParkedLaneWaitsUntilResumedAndKeepsItsOrder() {
        AtomicBoolean full = new AtomicBoolean(true);
        for (int i = 0; i < 3; i++) {
            int n = i;
            inbox.submit(1, full::get, () -> ran.add("slow" + n));
        }
        submit(2, "other");
        drain();
        assertThat(ran).containsExactly("other");
        assertThat(inbox.isParked(1)).isTrue();
        assertThat(inbox.waiting(1)).isEqualTo(3);
        inbox.resume(1);
        drain();
        assertThat(ran).containsExactly("other").as("still full: still parked");
        full.set(false);
        inbox.recheckParked();
        drain();
        assertThat(ran).containsExactly("other", "slow0", "slow1", "slow2");
        inbox.forget(1);
        assertThat(inbox.waiting(1)).isZero();
    }

    /** Whatever the interleaving, every event runs once and each lane's events run in order. */
    @Property
    void everyEventRunsOnceInItsLanesOrder(@ForAll @Size(max = 200) List<@IntRange(min = 0, max = 4) Integer> lanes) {
        ArrayDeque<Runnable> queue = new ArrayDeque<>();
        FairInbox box = new FairInbox(queue::add);
        List<String> out = new ArrayList<>();
        int[] next = new int[5];
        for (int lane : lanes) {
            String name = lane + ":" + next[lane]++;
            box.submit(lane, () -> false, () -> out.add(name));
            if (lane == 0 && !queue.isEmpty()) {
                queue.poll().run(); // the engine runs some while others arrive
            }
        }
        while (!queue.isEmpty()) {
            queue.poll().run();
        }
        assertThat(out).hasSize(lanes.size());
        int[] seen = new int[5];
        for (String e : out) {
            String[] p = e.split(":");
            int lane = Integer.parseInt(p[0]);
            assertThat(Integer.parseInt(p[1])).isEqualTo(seen[lane]++);
        }
    }
}
