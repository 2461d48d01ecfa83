package dev.tributary.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A task's {@link Error} (out of memory, say) goes to the process's default uncaught-exception handler when one is
 * set, with the engine thread as the thread that failed, and the loop goes on running tasks.
 */
class EventLoopErrorsTest {
    private final Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();

    @AfterEach
    void restore() {
        Thread.setDefaultUncaughtExceptionHandler(before);
    }

    @Test
    void aTasksErrorGoesToTheDefaultHandlerAndTheLoopGoesOn() throws Exception {
        CompletableFuture<String> handled = new CompletableFuture<>();
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> handled.complete(t.getName() + ": " + e.getMessage()));
        try (EventLoop loop = new EventLoop("errors-test")) {
            loop.execute(() -> {
                throw new OutOfMemoryError("test heap");
            });
            assertThat(handled.get(10, TimeUnit.SECONDS)).isEqualTo("errors-test: test heap");

            CompletableFuture<Boolean> next = new CompletableFuture<>();
            loop.execute(() -> next.complete(true));
            assertThat(next.get(10, TimeUnit.SECONDS)).isTrue();
        }
    }
}
