package dev.tributary.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class UnloggedWritesTest {
    private final AtomicLong now = new AtomicLong(1_000);
    private final AtomicInteger flushes = new AtomicInteger();
    private final UnloggedWrites writes = new UnloggedWrites(now::get, 100);

    @Test
    void aLoggedWriteFlushesOnlyWhenUnloggedWritesPreceded() {
        writes.beforeLogged(flushes::incrementAndGet);
        assertThat(flushes).hasValue(0);
        assertThat(writes.maySkipLog()).isTrue();

        writes.written();
        writes.written();
        assertThat(writes.pending()).isTrue();
        writes.beforeLogged(flushes::incrementAndGet);
        assertThat(flushes).hasValue(1);
        assertThat(writes.pending()).isFalse();
        writes.beforeLogged(flushes::incrementAndGet);
        assertThat(flushes).as("nothing left to flush").hasValue(1);
    }

    @Test
    void afterAForcedFlushUnloggedWritesKeepTheLogForThePause() {
        writes.written();
        writes.beforeLogged(flushes::incrementAndGet);
        assertThat(writes.maySkipLog()).isFalse();
        now.addAndGet(99);
        assertThat(writes.maySkipLog()).isFalse();
        now.addAndGet(1);
        assertThat(writes.maySkipLog()).isTrue();
    }

    @Test
    void aFailedFlushLeavesTheWritesPending() {
        writes.written();
        try {
            writes.beforeLogged(() -> {
                throw new IllegalStateException("disk full");
            });
        } catch (IllegalStateException expected) {
            // the logged write fails with it
        }
        assertThat(writes.pending()).isTrue();
        assertThat(writes.maySkipLog()).isTrue();
    }
}
