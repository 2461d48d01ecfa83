package dev.tributary.engine;

/** A scheduled task that may still be cancelled. Cancelling a task that already ran does nothing. */
@FunctionalInterface
public interface Cancellable {
    Cancellable NONE = () -> { };

    void cancel();
}
