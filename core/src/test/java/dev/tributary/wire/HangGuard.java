package dev.tributary.wire;

import java.time.Duration;
import java.util.function.Supplier;
import org.junit.jupiter.api.Assertions;

/**
 * jqwik does not honour JUnit's {@code @Timeout}, so properties that must never hang run their body through this
 * guard: a generous limit that only a loop without progress can reach. It asserts termination, not speed.
 */
final class HangGuard {
    static final Duration LIMIT = Duration.ofSeconds(10);

    private HangGuard() {
    }

    static void run(Runnable body) {
        Assertions.assertTimeoutPreemptively(LIMIT, body::run);
    }

    /** Runs {@code body} under the limit and returns its result (to be recorded on the property's own thread). */
    static <T> T call(Supplier<T> body) {
        return Assertions.assertTimeoutPreemptively(LIMIT, body::get);
    }
}
