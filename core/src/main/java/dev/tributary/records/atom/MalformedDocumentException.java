package dev.tributary.records.atom;

/**
 * A document that is not a valid SData sync document: not well-formed XML, the wrong root, a missing or unreadable
 * field, or over a size limit. The message says what and where, in the reader's terms (an HTTP endpoint answers it
 * with 400 and the message as the diagnosis).
 */
public final class MalformedDocumentException extends Exception {
    private static final long serialVersionUID = 1L;

    public MalformedDocumentException(String message) {
        super(message);
    }

    public MalformedDocumentException(String message, Throwable cause) {
        super(message, cause);
    }
}
