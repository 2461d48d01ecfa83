package dev.tributary.records.atom;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * {@code xs:dateTime} values: read with or without a zone (no zone means UTC, as in the specification's
 * {@code runStamp} example), with any fraction of a second; written as {@link Instant#toString()} (UTC, {@code Z}).
 */
final class Stamps {
    private Stamps() {
    }

    static Instant parse(String text) throws MalformedDocumentException {
        String t = text.strip();
        Instant canonical = dev.tributary.records.CanonicalInstant.parse(t);
        if (canonical != null) {
            return canonical;
        }
        try {
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException withZone) {
            try {
                return LocalDateTime.parse(t).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                throw new MalformedDocumentException("'" + t + "' is not a date and time (xs:dateTime)");
            }
        }
    }

    static String format(Instant stamp) {
        return stamp.toString();
    }
}
