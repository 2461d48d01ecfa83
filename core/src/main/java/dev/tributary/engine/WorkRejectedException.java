package dev.tributary.engine;

/** The worker pool of {@link Scheduler#offload} is full: the work was not started. */
public final class WorkRejectedException extends RuntimeException {
    public WorkRejectedException(String message) {
        super(message, null, false, false);
    }
}
