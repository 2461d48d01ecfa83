package dev.tributary.records.verify;

import dev.tributary.records.KeyRange;
import dev.tributary.records.RecordStore;
import java.util.ArrayList;
import java.util.List;

/**
 * One side's answers to a {@link VerifyRequest}, from its {@link RecordStore} by range scans
 * ({@link RecordStore#scanLive}, {@link RecordStore#countLive}):
 * <ul>
 *   <li>{@code hash}: the range's fingerprint (one scan);</li>
 *   <li>{@code split}: when the range holds at most {@code listAt} rows, its rows; else {@code parts} parts of about
 *       equal row counts cut at its own keys, each with its fingerprint (a count, then one scan);</li>
 *   <li>{@code list}: its rows when it holds at most {@code 2 * listAt}, else split as above.</li>
 * </ul>
 * Reads only; safe to call while the store changes (a row changed meanwhile shows as a difference or not, and the
 * next verify sees it).
 */
public final class VerifyResponder {
    private VerifyResponder() {
    }

    /** The answers to {@code request} from {@code store}, one per question, in order. */
    public static List<VerifyAnswer> answer(RecordStore store, VerifyRequest request) {
        List<VerifyAnswer> out = new ArrayList<>(request.questions().size());
        for (VerifyRequest.Question q : request.questions()) {
            out.add(switch (q.want()) {
                case HASH -> VerifyAnswer.hash(q.range(), fingerprint(store, q.range()));
                case SPLIT -> splitOrList(store, q.range(), request.parts(), request.listAt());
                case LIST -> splitOrList(store, q.range(), request.parts(), 2L * request.listAt());
            });
        }
        return out;
    }

    /** The hashes of the live rows with {@code keys} in {@code store}, in the order of the keys; absent ones left out. */
    public static List<RowHash> rows(RecordStore store, List<String> keys) {
        if (keys.size() > VerifyRequest.MAX_QUESTIONS) {
            throw new IllegalArgumentException("at most " + VerifyRequest.MAX_QUESTIONS + " keys a request, not "
                    + keys.size());
        }
        java.util.Map<String, dev.tributary.records.Payload> live = store.liveRows(keys);
        List<RowHash> out = new ArrayList<>();
        for (String k : new java.util.LinkedHashSet<>(keys)) {
            dev.tributary.records.Payload p = live.get(k);
            if (p != null) {
                out.add(RowHash.of(k, p));
            }
        }
        return out;
    }

    /** The fingerprint of {@code range} in {@code store}. */
    public static RangeFingerprint fingerprint(RecordStore store, KeyRange range) {
        RangeFingerprint[] fp = {RangeFingerprint.EMPTY};
        store.scanLive(range, (k, p) -> {
            fp[0] = fp[0].plus(RowHash.of(k, p));
            return true;
        });
        return fp[0];
    }

    private static VerifyAnswer splitOrList(RecordStore store, KeyRange range, int parts, long listAt) {
        long count = store.countLive(range);
        if (count <= listAt) {
            List<RowHash> rows = new ArrayList<>((int) count);
            RangeFingerprint[] fp = {RangeFingerprint.EMPTY};
            store.scanLive(range, (k, p) -> {
                RowHash h = RowHash.of(k, p);
                rows.add(h);
                fp[0] = fp[0].plus(h);
                return true;
            });
            return new VerifyAnswer(range, fp[0], null, rows);
        }
        Splitter s = new Splitter(range, parts, count);
        store.scanLive(range, s::row);
        return new VerifyAnswer(range, s.whole, s.finish(), null);
    }

    /** Cuts a scan into parts of about {@code count / parts} rows each, at the first key of each part. */
    private static final class Splitter {
        private final KeyRange range;
        private final int parts;
        private final long count;
        private final List<VerifyAnswer.Part> done = new ArrayList<>();
        private RangeFingerprint whole = RangeFingerprint.EMPTY;
        private RangeFingerprint current = RangeFingerprint.EMPTY;
        private String currentFrom;
        private long seen;
        private int part;

        Splitter(KeyRange range, int parts, long count) {
            this.range = range;
            this.parts = parts;
            this.count = count;
            this.currentFrom = range.from();
        }

        boolean row(String key, dev.tributary.records.Payload payload) {
            // part j starts at row floor(j * count / parts); later parts take rows added since the count
            while (part + 1 < parts && seen >= (part + 1) * count / parts) {
                part++;
                if (current.count() > 0) {
                    done.add(new VerifyAnswer.Part(new KeyRange(currentFrom, key), current));
                    currentFrom = key;
                    current = RangeFingerprint.EMPTY;
                }
            }
            RowHash h = RowHash.of(key, payload);
            current = current.plus(h);
            whole = whole.plus(h);
            seen++;
            return true;
        }

        List<VerifyAnswer.Part> finish() {
            done.add(new VerifyAnswer.Part(new KeyRange(currentFrom, range.to()), current));
            return done;
        }
    }
}
