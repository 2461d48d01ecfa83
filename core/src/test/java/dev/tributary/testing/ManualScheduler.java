package dev.tributary.testing;

/**
 * The engine's {@link dev.tributary.engine.ManualScheduler} under the name tests have always used: virtual time
 * that moves only when the test says so, every task on the test thread.
 */
public final class ManualScheduler extends dev.tributary.engine.ManualScheduler {

    public ManualScheduler(long startMillis) {
        super(startMillis);
    }

    public ManualScheduler() {
        super();
    }
}
