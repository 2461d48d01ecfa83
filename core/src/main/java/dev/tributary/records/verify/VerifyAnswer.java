package dev.tributary.records.verify;

import dev.tributary.records.KeyRange;
import java.util.List;
import java.util.Objects;

/**
 * A side's answer about one key range: its fingerprint, and, as asked, its parts (contiguous, covering the range,
 * each with its fingerprint) or its rows (each key with its {@link RowHash}, ascending); or neither (a hash).
 *
 * <p>Wire form (JSON, one element of {@code "ranges"} in the answer to {@code POST $syncVerify}, in the order asked):
 * <pre>
 *  {"from": "k1", "to": "k9", "count": 1000, "hash": "&lt;32 hex&gt;",
 *   "parts": [{"from": "k1", "to": "k4", "count": 500, "hash": "..."}, ...]}      a split
 *  {"from": "k1", "to": "k2", "count": 2, "hash": "...",
 *   "rows": [{"key": "k1", "hash": "..."}, {"key": "k17", "hash": "..."}]}        a listing
 * </pre>
 *
 * @param range the range asked about
 * @param fingerprint what the side holds in it
 * @param parts its parts, or null
 * @param rows its rows, or null
 */
public record VerifyAnswer(KeyRange range, RangeFingerprint fingerprint, List<Part> parts, List<RowHash> rows) {
    public VerifyAnswer {
        Objects.requireNonNull(range, "range");
        Objects.requireNonNull(fingerprint, "fingerprint");
        parts = parts == null ? null : List.copyOf(parts);
        rows = rows == null ? null : List.copyOf(rows);
        if (parts != null && rows != null) {
            throw new IllegalArgumentException("an answer holds parts or rows, not both");
        }
    }

    /** A part of a split range and its fingerprint. */
    public record Part(KeyRange range, RangeFingerprint fingerprint) {
    }

    /** An answer with the fingerprint only. */
    public static VerifyAnswer hash(KeyRange range, RangeFingerprint fingerprint) {
        return new VerifyAnswer(range, fingerprint, null, null);
    }
}
