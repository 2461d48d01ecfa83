package dev.tributary.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class EventLoopOffloadTest {

    @Test
    void workRunsOffTheEngineAndItsResultArrivesOnTheEngine() throws Exception {
        try (EventLoop loop = new EventLoop("offload-test")) {
            AtomicReference<String> workThread = new AtomicReference<>();
            AtomicReference<Boolean> completedOnEngine = new AtomicReference<>();
            // The work waits until the stage below is attached: a future already complete would run the stage on
            // this thread, which a loaded machine made happen now and then (the test failed under load).
            java.util.concurrent.CountDownLatch attached = new java.util.concurrent.CountDownLatch(1);
            CompletableFuture<Integer> f = loop.offload(() -> {
                attached.await();
                workThread.set(Thread.currentThread().getName());
                return 42;
            });
            CompletableFuture<Integer> seen = f.thenApply(v -> {
                completedOnEngine.set(loop.inEngineThread());
                return v;
            });
            attached.countDown();
            assertThat(seen.get(10, TimeUnit.SECONDS)).isEqualTo(42);
            assertThat(workThread.get()).startsWith("offload-test-work-");
            assertThat(completedOnEngine.get()).isTrue();
        }
    }

    @Test
    void anExceptionOfTheWorkFailsTheFutureOnTheEngine() throws Exception {
        try (EventLoop loop = new EventLoop("offload-test")) {
            // As above: the work fails only once the stage is attached, so the stage runs where the future
            // completes (the engine), not on this thread.
            CountDownLatch attached = new CountDownLatch(1);
            CompletableFuture<Object> f = loop.offload(() -> {
                attached.await();
                throw new IllegalArgumentException("bad signature");
            });
            CountDownLatch done = new CountDownLatch(1);
            AtomicReference<Boolean> onEngine = new AtomicReference<>();
            f.whenComplete((v, e) -> {
                onEngine.set(loop.inEngineThread());
                done.countDown();
            });
            attached.countDown();
            assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(onEngine.get()).isTrue();
            assertThat(f).isCompletedExceptionally();
            try {
                f.get();
            } catch (ExecutionException e) {
                assertThat(e.getCause()).hasMessage("bad signature");
            }
        }
    }

    @Test
    void aFullPoolRefusesWorkAtOnceInsteadOfQueueingWithoutBound() throws Exception {
        try (EventLoop loop = new EventLoop("offload-test")) {
            CountDownLatch release = new CountDownLatch(1);
            List<CompletableFuture<Object>> all = new ArrayList<>();
            int total = EventLoop.WORKERS + EventLoop.MAX_QUEUED_WORK + 5;
            for (int i = 0; i < total; i++) {
                all.add(loop.offload(() -> {
                    release.await();
                    return null;
                }));
            }
            long refused = all.stream().filter(CompletableFuture::isCompletedExceptionally).count();
            assertThat(refused).isEqualTo(5);
            release.countDown();
            CompletableFuture.allOf(all.stream().filter(f -> !f.isCompletedExceptionally())
                    .toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aStoppedLoopStillCompletesWorkItHadStarted() throws Exception {
        EventLoop loop = new EventLoop("offload-test");
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<String> f = loop.offload(() -> {
            started.countDown();
            release.await();
            return "done";
        });
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        loop.close();
        release.countDown();
        // close interrupts the worker: the future fails rather than hanging; either way it completes.
        assertThat(f).failsWithin(10, TimeUnit.SECONDS);
    }
}
