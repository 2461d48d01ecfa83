package dev.tributary.records.verify;

import dev.tributary.records.KeyRange;
import java.util.List;
import java.util.Objects;

/**
 * One round trip's questions to one side of a verify pass, about key ranges of its collection.
 *
 * <p>Wire form (JSON, the body of {@code POST $syncVerify}):
 * <pre>
 *  {"parts": 16, "listAt": 256,
 *   "ranges": [{"from": "k1", "to": "k9", "want": "split"}, {"from": null, "to": "k1", "want": "hash"}, ...]}
 * </pre>
 * {@code from} is inclusive, {@code to} exclusive, null (or absent) for no bound.
 *
 * @param parts into how many parts a side splits a range ({@link #MIN_PARTS} to {@link #MAX_PARTS})
 * @param listAt a side answers a split with its rows when the range holds at most this many
 *     ({@link #MIN_LIST_AT} to {@link #MAX_LIST_AT}); a list with its rows when it holds at most
 *     {@code 2 * listAt}
 * @param questions what is asked, at most {@link #MAX_QUESTIONS}
 */
public record VerifyRequest(int parts, int listAt, List<Question> questions) {
    public static final int MIN_PARTS = 2;
    public static final int MAX_PARTS = 256;
    public static final int MIN_LIST_AT = 1;
    public static final int MAX_LIST_AT = 4096;
    public static final int MAX_QUESTIONS = 4096;

    public VerifyRequest {
        if (parts < MIN_PARTS || parts > MAX_PARTS) {
            throw new IllegalArgumentException("parts must be " + MIN_PARTS + " to " + MAX_PARTS + ", not " + parts);
        }
        if (listAt < MIN_LIST_AT || listAt > MAX_LIST_AT) {
            throw new IllegalArgumentException("listAt must be " + MIN_LIST_AT + " to " + MAX_LIST_AT + ", not " + listAt);
        }
        questions = List.copyOf(questions);
        if (questions.size() > MAX_QUESTIONS) {
            throw new IllegalArgumentException("at most " + MAX_QUESTIONS + " ranges a request, not " + questions.size());
        }
    }

    /** What is wanted of a range. */
    public enum Want {
        /** its fingerprint, split into parts by the side's own keys (its rows when few) */
        SPLIT,
        /** its fingerprint only */
        HASH,
        /** its rows (split as by SPLIT when there are more than twice listAt) */
        LIST;

        /** The wire name: {@code split}, {@code hash}, {@code list}. */
        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** The value of a wire name; an error in words for another. */
        public static Want fromWire(String s) {
            for (Want w : values()) {
                if (w.wire().equals(s)) {
                    return w;
                }
            }
            throw new IllegalArgumentException("\"want\" is split, hash or list, not " + (s == null ? "missing" : "'" + s + "'"));
        }
    }

    /** One question: what is wanted of {@code range}. */
    public record Question(KeyRange range, Want want) {
        public Question {
            Objects.requireNonNull(range, "range");
            Objects.requireNonNull(want, "want");
        }
    }
}
