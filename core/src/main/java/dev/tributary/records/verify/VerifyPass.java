package dev.tributary.records.verify;

import dev.tributary.records.KeyRange;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The verify pass: finds the rows two collections hold differently, whatever their sync states and digests say
 * (rows changed behind the sync's back: written while the triggers were off, restored from a backup, edited in the
 * store's own tables). It compares {@link RangeFingerprint}s of key ranges, descending only into ranges that differ:
 *
 * <ol>
 *   <li>a round starts with the ranges still to look into (at first the whole key space), each led by one side;</li>
 *   <li>the leading side splits each into {@code parts} parts of about equal row counts at its own keys, with their
 *       fingerprints, or lists its rows when the range holds at most {@code listAt} (one request per leading side);
 *       </li>
 *   <li>the other side answers the fingerprints of exactly those parts, and lists the listed ranges (one request;
 *       a range in which it holds far more rows it splits instead, and leads it in the next round);</li>
 *   <li>parts whose fingerprints differ go to the next round; listed ranges are compared row by row.</li>
 * </ol>
 *
 * A table of n rows with a few differences takes about {@code log_parts(n / listAt) + 1} rounds of two round trips,
 * each side scanning the table about once in all; rows found on one side only are then looked up by key on the
 * other (one round trip, two when found there), so that sides ordering keys differently still get an exact answer
 * (at the cost of more ranges to descend into).
 *
 * <p>One run at a time per instance (it counts round trips in fields).
 */
public final class VerifyPass {
    /** Parts per split unless told otherwise. */
    public static final int DEFAULT_PARTS = 16;
    /** Rows under which a range is listed unless told otherwise. */
    public static final int DEFAULT_LIST_AT = 256;
    /** Rows a request's listings may hold at most (a listing is at most twice listAt rows). */
    static final int ROWS_PER_REQUEST = 1 << 17;
    /** Rounds after which a pass gives up (a descent of 2-part splits over 2^63 rows takes 63). */
    public static final int MAX_ROUNDS = 100;

    private final VerifySide source;
    private final VerifySide target;
    private final int parts;
    private final int listAt;

    /** A pass between {@code source} and {@code target} with the default parts and listing size. */
    public VerifyPass(VerifySide source, VerifySide target) {
        this(source, target, DEFAULT_PARTS, DEFAULT_LIST_AT);
    }

    /** A pass splitting ranges in {@code parts} and listing ranges of at most {@code listAt} rows. */
    public VerifyPass(VerifySide source, VerifySide target, int parts, int listAt) {
        new VerifyRequest(parts, listAt, List.of()); // checks the bounds
        this.source = source;
        this.target = target;
        this.parts = parts;
        this.listAt = listAt;
    }

    private enum Side { SOURCE, TARGET;

        Side other() {
            return this == SOURCE ? TARGET : SOURCE;
        }
    }

    /** A range to look into, led by {@code leader}. */
    private record Pending(KeyRange range, Side leader) {
    }

    /** A follower's question with what the leader answered. */
    private record Check(Pending pending, VerifyAnswer.Part leaderPart, List<RowHash> leaderRows) {
    }

    private int trips;
    private long compared;
    private long listed;
    /** The rows each side holds, as their first answers said (the whole key space). */
    private long rows;

    private static final String ORDERED_DIFFERENTLY = "the two sides order their keys differently (a key column of a"
            + " number type on one side and of a text type on the other: give both one type)";

    /**
     * Runs the pass.
     *
     * @throws IOException when a side cannot be reached or refuses
     */
    public VerifyReport run() throws IOException, InterruptedException {
        trips = 0;
        compared = 0;
        listed = 0;
        rows = 0;
        Map<String, Difference> found = new TreeMap<>();
        List<Pending> pending = List.of(new Pending(KeyRange.ALL, Side.SOURCE));
        int rounds = 0;
        while (!pending.isEmpty()) {
            if (++rounds > MAX_ROUNDS) {
                throw new IOException("the verify pass gave up after " + MAX_ROUNDS + " rounds: the collections keep"
                        + " changing under it, or " + ORDERED_DIFFERENTLY + "; run it again when they are quiet");
            }
            Map<Side, List<Pending>> byLeader = new EnumMap<>(Side.class);
            pending.forEach(p -> byLeader.computeIfAbsent(p.leader(), s -> new ArrayList<>()).add(p));
            Map<Side, List<Check>> checks = new EnumMap<>(Side.class);
            for (Map.Entry<Side, List<Pending>> e : byLeader.entrySet()) {
                List<VerifyRequest.Question> qs = e.getValue().stream()
                        .map(p -> new VerifyRequest.Question(p.range(), VerifyRequest.Want.SPLIT)).toList();
                List<VerifyAnswer> answers = ask(e.getKey(), qs);
                for (int i = 0; i < answers.size(); i++) {
                    Pending p = e.getValue().get(i);
                    VerifyAnswer a = answers.get(i);
                    if (rounds == 1) {
                        rows += a.fingerprint().count();
                    }
                    List<Check> mine = checks.computeIfAbsent(e.getKey().other(), s -> new ArrayList<>());
                    if (a.rows() != null) {
                        mine.add(new Check(p, null, a.rows()));
                    } else {
                        a.parts().forEach(part -> mine.add(new Check(p, part, null)));
                    }
                }
            }
            List<Pending> next = new ArrayList<>();
            for (Map.Entry<Side, List<Check>> e : checks.entrySet()) {
                List<VerifyRequest.Question> qs = e.getValue().stream().map(c -> c.leaderRows() != null
                        ? new VerifyRequest.Question(c.pending().range(), VerifyRequest.Want.LIST)
                        : new VerifyRequest.Question(c.leaderPart().range(), VerifyRequest.Want.HASH)).toList();
                List<VerifyAnswer> answers = ask(e.getKey(), qs);
                for (int i = 0; i < answers.size(); i++) {
                    if (rounds == 1) {
                        rows += answers.get(i).fingerprint().count();
                    }
                    compare(e.getValue().get(i), answers.get(i), e.getKey(), next, found);
                }
            }
            pending = next;
            // a descent narrows: over all its rounds it compares about as many ranges as the sides hold rows at most
            // (every row differing); far more means the sides' ranges never narrow, each reading the other's cuts in
            // another order, and the ranges would multiply by the parts every round
            if (compared + next.size() > 8 * rows + 1000) {
                throw new IOException("the verify pass stopped after " + rounds + " rounds and " + compared
                        + " ranges, more than the " + rows + " rows of both sides call for: " + ORDERED_DIFFERENTLY);
            }
        }
        confirm(found);
        return new VerifyReport(rounds, trips, compared, listed, new ArrayList<>(found.values()));
    }

    private void compare(Check c, VerifyAnswer follower, Side followerSide, List<Pending> next,
                         Map<String, Difference> found) {
        compared++;
        if (c.leaderRows() == null) {
            if (!follower.fingerprint().equals(c.leaderPart().fingerprint())) {
                next.add(new Pending(c.leaderPart().range(), c.pending().leader()));
            }
            return;
        }
        if (follower.rows() != null) {
            listed += c.leaderRows().size() + follower.rows().size();
            Side leader = c.pending().leader();
            diff(leader == Side.SOURCE ? c.leaderRows() : follower.rows(),
                    leader == Side.SOURCE ? follower.rows() : c.leaderRows(), found);
            return;
        }
        // the follower holds far more rows here: it leads its parts, compared with the leader's listed rows
        for (VerifyAnswer.Part part : follower.parts()) {
            RangeFingerprint mine = RangeFingerprint.EMPTY;
            for (RowHash r : c.leaderRows()) {
                if (part.range().contains(r.key())) {
                    mine = mine.plus(r);
                }
            }
            if (!mine.equals(part.fingerprint())) {
                next.add(new Pending(part.range(), followerSide));
            }
        }
    }

    /**
     * Looks up by key, on the other side, the rows found on one side only: where the two sides order keys differently
     * (a language collation against a binary one), a row both hold can fall in a range on one side and outside it on
     * the other; by key it is found, and is then a changed row or none.
     */
    private void confirm(Map<String, Difference> found) throws IOException, InterruptedException {
        for (Difference.Kind kind : List.of(Difference.Kind.MISSING_ON_TARGET, Difference.Kind.EXTRA_ON_TARGET)) {
            List<String> keys = found.values().stream().filter(d -> d.kind() == kind).map(Difference::key).toList();
            if (keys.isEmpty()) {
                continue;
            }
            VerifySide here = kind == Difference.Kind.MISSING_ON_TARGET ? source : target;
            VerifySide there = kind == Difference.Kind.MISSING_ON_TARGET ? target : source;
            for (int from = 0; from < keys.size(); from += VerifyRequest.MAX_QUESTIONS) {
                List<String> chunk = keys.subList(from, Math.min(keys.size(), from + VerifyRequest.MAX_QUESTIONS));
                trips++;
                List<RowHash> elsewhere = there.rows(chunk);
                if (elsewhere.isEmpty()) {
                    continue;
                }
                trips++;
                Map<String, RowHash> mine = new HashMap<>();
                here.rows(elsewhere.stream().map(RowHash::key).toList()).forEach(r -> mine.put(r.key(), r));
                for (RowHash r : elsewhere) {
                    RowHash m = mine.get(r.key());
                    if (m != null && m.sameAs(r)) {
                        found.remove(r.key());
                    } else if (m != null) {
                        found.put(r.key(), new Difference(r.key(), Difference.Kind.CHANGED));
                    }
                }
            }
        }
    }

    private static void diff(List<RowHash> sourceRows, List<RowHash> targetRows, Map<String, Difference> found) {
        Map<String, RowHash> onTarget = new HashMap<>();
        targetRows.forEach(r -> onTarget.put(r.key(), r));
        for (RowHash s : sourceRows) {
            RowHash t = onTarget.remove(s.key());
            if (t == null) {
                found.put(s.key(), new Difference(s.key(), Difference.Kind.MISSING_ON_TARGET));
            } else if (!t.sameAs(s)) {
                found.put(s.key(), new Difference(s.key(), Difference.Kind.CHANGED));
            }
        }
        onTarget.values().stream().sorted(Comparator.comparing(RowHash::key))
                .forEach(t -> found.put(t.key(), new Difference(t.key(), Difference.Kind.EXTRA_ON_TARGET)));
    }

    /**
     * Asks {@code side} the questions, in requests of at most {@link VerifyRequest#MAX_QUESTIONS}, and few enough
     * that their listings hold at most {@link #ROWS_PER_REQUEST} rows.
     */
    private List<VerifyAnswer> ask(Side side, List<VerifyRequest.Question> qs) throws IOException, InterruptedException {
        List<VerifyAnswer> out = new ArrayList<>(qs.size());
        int size = Math.max(1, Math.min(VerifyRequest.MAX_QUESTIONS, ROWS_PER_REQUEST / (2 * listAt)));
        for (int from = 0; from < qs.size(); from += size) {
            List<VerifyRequest.Question> chunk = qs.subList(from, Math.min(qs.size(), from + size));
            trips++;
            List<VerifyAnswer> got = (side == Side.SOURCE ? source : target).ask(new VerifyRequest(parts, listAt, chunk));
            if (got.size() != chunk.size()) {
                throw new IOException("the " + side.name().toLowerCase(java.util.Locale.ROOT) + " answered "
                        + got.size() + " ranges to " + chunk.size() + " questions");
            }
            out.addAll(got);
        }
        return out;
    }
}
