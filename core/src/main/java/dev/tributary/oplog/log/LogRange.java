package dev.tributary.oplog.log;

import dev.tributary.oplog.cid.Cid;

/**
 * The bounds of an iteration, as OrbitDB 4's {@code log.iterator({gt, gte, lt, lte, amount})} takes them. Entries
 * come newest first, in OrbitDB's order. Semantics, OrbitDB's own, including its quirks:
 * <ul>
 *   <li>{@code lte: X} iterates X and its ancestors; {@code lt: X} iterates the ancestors of X (X's {@code next}
 *       entries and theirs): entries concurrent with X are not included, even if they sort below it. {@code lt}
 *       wins over {@code lte}. Without either, the whole log.</li>
 *   <li>{@code gte: Y} stops after Y, {@code gt: Y} stops before it ({@code gt} wins over {@code gte}). If Y is not
 *       met (it is not an ancestor of the start), iteration runs to the oldest entry.</li>
 *   <li>{@code amount} (-1: all): without {@code gt}/{@code gte}, the first {@code amount} entries. With
 *       {@code gt}/{@code gte} and without {@code lt}/{@code lte}, the {@code amount} entries nearest Y (the last
 *       ones before the bound). With both kinds of bound, OrbitDB ignores {@code amount}, and so does this.
 *       {@code amount = 0} gives nothing.</li>
 * </ul>
 * Where OrbitDB is silent or fails (a bound naming an entry the log does not have), the iteration fails with a
 * clear error instead.
 */
public record LogRange(Cid gt, Cid gte, Cid lt, Cid lte, int amount) {
    public LogRange {
        if (amount < -1) {
            throw new IllegalArgumentException("amount must be -1 (all) or at least 0, got " + amount);
        }
    }

    /** The whole log, newest first. */
    public static LogRange all() {
        return new LogRange(null, null, null, null, -1);
    }

    public LogRange gt(Cid cid) {
        return new LogRange(cid, gte, lt, lte, amount);
    }

    public LogRange gte(Cid cid) {
        return new LogRange(gt, cid, lt, lte, amount);
    }

    public LogRange lt(Cid cid) {
        return new LogRange(gt, gte, cid, lte, amount);
    }

    public LogRange lte(Cid cid) {
        return new LogRange(gt, gte, lt, cid, amount);
    }

    public LogRange amount(int n) {
        return new LogRange(gt, gte, lt, lte, n);
    }
}
