package dev.tributary.node.db;

/**
 * A database operation refused, with what kind of refusal it is (and so the HTTP status it is answered with) and a
 * message in the user's terms. Nothing was changed.
 */
public final class DbException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Kinds of refusal, with their HTTP status. */
    public enum Kind {
        /** The input is malformed or out of range. */
        BAD_INPUT(400),
        /** This identity may not write to the database. */
        NO_WRITE_ACCESS(403),
        /** No such database, key or entry. */
        NOT_FOUND(404),
        /** The operation does not apply (another type's operation, a name held by several databases). */
        CONFLICT(409),
        /** The entry would be larger than a log takes. */
        TOO_LARGE(413),
        /** The node serves as many of these requests as it takes at once (watchers). */
        BUSY(503);

        private final int status;

        Kind(int status) {
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    private final Kind kind;

    public DbException(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
