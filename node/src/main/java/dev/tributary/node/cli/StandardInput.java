package dev.tributary.node.cli;

import dev.tributary.oplog.log.OpLog;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;

/**
 * A value read from standard input ({@code tributary db put DB KEY -}), for values longer than an operating system
 * lets one argument be (on Linux 128 KiB, an eighth of what an entry may hold). It is read up to a bound: an entry holds
 * at most {@link OpLog#MAX_ENTRY_BYTES} bytes, and its JSON text at most {@link #MAX_BYTES} (four times that, for
 * escapes and base64); more is refused without reading the rest.
 */
final class StandardInput {
    /** The most bytes read from standard input for one value. */
    static final int MAX_BYTES = 4 * OpLog.MAX_ENTRY_BYTES;

    private StandardInput() {
    }

    /** Standard input as UTF-8 text, or an error naming {@code what} when it is too long or not UTF-8. */
    static String read(String what) {
        return read(System.in, what);
    }

    static String read(InputStream in, String what) {
        byte[] bytes;
        try {
            bytes = in.readNBytes(MAX_BYTES + 1);
        } catch (IOException e) {
            // an IllegalStateException, whose message is the error line (an UncheckedIOException's would be its cause's
            // bare "Is a directory"); the system's reason in the line's words
            String why = e.getMessage() == null ? "the read failed" : e.getMessage();
            throw new IllegalStateException("cannot read " + what + " from standard input: "
                    + (why.equalsIgnoreCase("Is a directory") ? "it is a directory"
                            : why.substring(0, 1).toLowerCase(java.util.Locale.ROOT) + why.substring(1)), e);
        }
        if (bytes.length > MAX_BYTES) {
            throw new IllegalStateException(what + " on standard input is longer than " + MAX_BYTES
                    + " bytes; an entry holds at most " + OpLog.MAX_ENTRY_BYTES);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalStateException(what + " on standard input is not UTF-8 text");
        }
    }
}
