package dev.tributary.store;

/**
 * Storage failed, or holds data that cannot be read: an I/O error, a directory in use or not writable, a
 * store used after {@link KeyValueStore#close()}, or a stored value that does not decode. The message
 * names the store (its directory, for one on disk) and the operation or key concerned.
 */
public final class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
