package dev.tributary.wire;

/**
 * Why bytes from a peer did not become a message. A fatal error leaves the stream unreadable (the frame
 * boundaries are lost) and the connection must close; the others skip one frame.
 *
 * @param command the frame's command when known, else empty
 * @param detail  a one-line human explanation naming the numbers involved
 */
public record WireError(Kind kind, String command, String detail) {

    /** What went wrong, from the frame inwards. */
    public enum Kind {
        /** The frame does not start with this network's magic. Fatal. */
        BAD_MAGIC(true),
        /** The declared payload length exceeds the limit. Fatal: nothing is read or allocated for it. */
        OVERSIZED(true),
        /** The command field is not NUL-padded printable ASCII. The frame is skipped. */
        BAD_COMMAND(false),
        /** The payload does not match the frame's checksum. The frame is skipped. */
        BAD_CHECKSUM(false),
        /** No decoder is registered for the command. The frame is skipped. */
        UNKNOWN_COMMAND(false),
        /** The payload is truncated, over a limit, or has trailing bytes. The frame is skipped. */
        MALFORMED_PAYLOAD(false);

        private final boolean fatal;

        Kind(boolean fatal) {
            this.fatal = fatal;
        }

        public boolean fatal() {
            return fatal;
        }
    }

    public boolean fatal() {
        return kind.fatal();
    }

    @Override
    public String toString() {
        return kind + (command.isEmpty() ? "" : " (" + command + ")") + ": " + detail;
    }
}
