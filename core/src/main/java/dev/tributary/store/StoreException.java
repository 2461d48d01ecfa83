package dev.tributary.store;

/**
 * Storage failed, or holds data that cannot be read: an I/O error, a directory in use or not writable, a
 * store used after {@link KeyValueStore#close()}, or a stored value that does not decode. The message
 * names the store (its directory, for one on disk) and the operation or key concerned.
 */
public final class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final boolean inUse;

    public StoreException(String message) {
        this(message, null, false);
    }

    public StoreException(String message, Throwable cause) {
        this(message, cause, false);
    }

    private StoreException(String message, Throwable cause, boolean inUse) {
        super(message, cause);
        this.inUse = inUse;
    }

    /** The store could not be opened because another process (or another store of this one) has it open. */
    public static StoreException inUse(String message, Throwable cause) {
        return new StoreException(message, cause, true);
    }

    /** Whether the store was refused because something else has it open ({@link #inUse}). */
    public boolean isInUse() {
        return inUse;
    }
}
