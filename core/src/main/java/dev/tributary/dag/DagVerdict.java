package dev.tributary.dag;

import dev.tributary.bytes.Hash;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of validating a dagtest block, as data: accepted; an orphan, whose listed parents are not in
 * the DAG yet (not a rejection: the block may be valid, and the caller keeps it until they arrive); or
 * rejected with a reason and a message naming the block and the numbers involved. Peer scoring reads
 * {@link #penalty()}. Mirrors {@code dev.tributary.chain.Verdict}, which this package does not depend on.
 */
public final class DagVerdict {
    /** The three outcomes. */
    public enum Kind {
        ACCEPTED, ORPHAN, REJECTED
    }

    private static final DagVerdict ACCEPTED = new DagVerdict(Kind.ACCEPTED, null, "accepted", List.of());

    private final Kind kind;
    private final DagRejectReason reason;
    private final String message;
    private final List<Hash> missingParents;

    private DagVerdict(Kind kind, DagRejectReason reason, String message, List<Hash> missingParents) {
        this.kind = kind;
        this.reason = reason;
        this.message = message;
        this.missingParents = missingParents;
    }

    public static DagVerdict accepted() {
        return ACCEPTED;
    }

    /** @param missingParents the parents not in the DAG, at least one, in header order */
    public static DagVerdict orphan(List<Hash> missingParents) {
        if (missingParents.isEmpty()) {
            throw new IllegalArgumentException("an orphan misses at least one parent");
        }
        List<Hash> missing = List.copyOf(missingParents);
        return new DagVerdict(Kind.ORPHAN, null, "missing parents " + missing, missing);
    }

    public static DagVerdict rejected(DagRejectReason reason, String message) {
        return new DagVerdict(Kind.REJECTED, Objects.requireNonNull(reason), Objects.requireNonNull(message), List.of());
    }

    public Kind kind() {
        return kind;
    }

    public boolean isAccepted() {
        return kind == Kind.ACCEPTED;
    }

    public boolean isOrphan() {
        return kind == Kind.ORPHAN;
    }

    public boolean isRejected() {
        return kind == Kind.REJECTED;
    }

    /** The reason; empty unless rejected. */
    public Optional<DagRejectReason> reason() {
        return Optional.ofNullable(reason);
    }

    public String message() {
        return message;
    }

    /** The parents an orphan waits for, in header order; empty unless an orphan. */
    public List<Hash> missingParents() {
        return missingParents;
    }

    /** The misbehaviour score for the peer that sent the block; 0 unless rejected. */
    public int penalty() {
        return reason == null ? 0 : reason.penalty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DagVerdict v && kind == v.kind && reason == v.reason && message.equals(v.message)
                && missingParents.equals(v.missingParents);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, reason, message, missingParents);
    }

    /** "accepted", "orphan: missing parents [..]", or "reason: message". */
    @Override
    public String toString() {
        return switch (kind) {
            case ACCEPTED -> "accepted";
            case ORPHAN -> "orphan: " + message;
            case REJECTED -> reason.coreName() + ": " + message;
        };
    }
}
