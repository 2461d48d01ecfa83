package dev.tributary.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class StageCountersTest {
    private enum Stage { READ, WRITE }

    private final AtomicLong clock = new AtomicLong(1_000);
    private final StageCounters<Stage> counters = StageCounters.timedBy(Stage.class, clock::get);

    @Test
    void countsTheClocksTimeAndTheItemsPerStage() {
        long start = counters.start();
        clock.addAndGet(500);
        counters.record(Stage.READ, start, 10);
        start = counters.start();
        clock.addAndGet(1_500);
        counters.record(Stage.READ, start, 30);

        assertThat(counters.nanos(Stage.READ)).isEqualTo(2_000);
        assertThat(counters.items(Stage.READ)).isEqualTo(40);
        assertThat(counters.rate(Stage.READ)).isEqualTo(40 / 2e-6);
        assertThat(counters.nanos(Stage.WRITE)).isZero();
        assertThat(counters.rate(Stage.WRITE)).as("nothing timed").isZero();
    }

    @Test
    void resetSetsEveryCounterToZero() {
        long start = counters.start();
        clock.addAndGet(7);
        counters.record(Stage.WRITE, start, 1);

        counters.reset();

        assertThat(counters.nanos(Stage.WRITE)).isZero();
        assertThat(counters.items(Stage.WRITE)).isZero();
    }

    @Test
    void theCpuClockCountsTheRunningThreadsTime() {
        StageCounters<Stage> cpu = StageCounters.threadCpu(Stage.class);
        long start = cpu.start();
        cpu.record(Stage.READ, start, 3);

        assertThat(cpu.nanos(Stage.READ)).isNotNegative();
        assertThat(cpu.items(Stage.READ)).isIn(0L, 3L); // 0 on a JVM without per-thread CPU time
    }
}
