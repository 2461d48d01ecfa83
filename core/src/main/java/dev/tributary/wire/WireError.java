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
        BAD_MAGIC(true, "not a message of this network"),
        /** The declared payload length exceeds the limit. Fatal: nothing is read or allocated for it. */
        OVERSIZED(true, "message too large"),
        /** The command field is not NUL-padded printable ASCII. The frame is skipped. */
        BAD_COMMAND(false, "unreadable command name"),
        /** The payload does not match the frame's checksum. The frame is skipped. */
        BAD_CHECKSUM(false, "checksum mismatch"),
        /** No decoder is registered for the command. The frame is skipped. */
        UNKNOWN_COMMAND(false, "unknown command"),
        /** The payload is truncated, over a limit, or has trailing bytes. The frame is skipped. */
        MALFORMED_PAYLOAD(false, "malformed message");

        private final boolean fatal;
        private final String words;

        Kind(boolean fatal, String words) {
            this.fatal = fatal;
            this.words = words;
        }

        public boolean fatal() {
            return fatal;
        }

        /** What went wrong in the words of a log line ({@code checksum mismatch}). */
        public String words() {
            return words;
        }
    }

    public boolean fatal() {
        return kind.fatal();
    }

    /** {@code malformed message (headers): ...}: the kind in words, the command when known, the detail. */
    @Override
    public String toString() {
        return kind.words() + (command.isEmpty() ? "" : " (" + command + ")") + ": " + detail;
    }
}
