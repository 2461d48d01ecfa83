package dev.tributary.validation;

import dev.tributary.bytes.Hash;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What validating something a peer sent decided: data, never an exception. One type for every kind of data
 * Tributary validates (headers and blocks of a chain, blocks of a DAG, and the parts to come), so peer scoring
 * and logging read every verdict alike:
 *
 * <ul>
 *   <li>{@link Accept}: valid; take it.</li>
 *   <li>{@link Ignore}: not wrong, but of no use (already known, out of date); drop it without penalty.</li>
 *   <li>{@link Orphan}: cannot be judged until the parents it names arrive; keep it aside and ask for them.</li>
 *   <li>{@link Reject}: breaks a rule, named by a {@link Reason} that carries the sender's penalty, with a message
 *       naming the thing validated and the numbers involved.</li>
 * </ul>
 *
 * @param <R> the kind of reasons a rejection gives ({@code RejectReason} for headers, {@code BlockRejectReason}
 *            for blocks, {@code DagRejectReason} for DAG blocks)
 */
public sealed interface Verdict<R extends Verdict.Reason>
        permits Verdict.Accept, Verdict.Ignore, Verdict.Orphan, Verdict.Reject {

    /** Why something was rejected: the rule's name (Bitcoin Core's where it has one) and the sender's penalty. */
    interface Reason {
        String coreName();

        /** Misbehaviour points for the sender (100 disconnects and bans). */
        int penalty();
    }

    /** Valid. */
    record Accept<R extends Reason>() implements Verdict<R> {
        @Override
        public String toString() {
            return "accepted";
        }
    }

    /** Not wrong, but of no use; dropped without penalty. */
    record Ignore<R extends Reason>(String why) implements Verdict<R> {
        public Ignore {
            Objects.requireNonNull(why, "why");
        }

        @Override
        public String toString() {
            return "ignored: " + why;
        }
    }

    /** Waits for its parents: {@code missingParents} (at least one, in the order the data names them). */
    record Orphan<R extends Reason>(List<Hash> missingParents) implements Verdict<R> {
        public Orphan {
            if (missingParents.isEmpty()) {
                throw new IllegalArgumentException("an orphan misses at least one parent");
            }
            missingParents = List.copyOf(missingParents);
        }

        @Override
        public String toString() {
            return "orphan: missing parents " + missingParents;
        }
    }

    /** Breaks the rule {@code rule}; {@code message} names what was validated and the numbers involved. */
    record Reject<R extends Reason>(R rule, String message) implements Verdict<R> {
        public Reject {
            Objects.requireNonNull(rule, "rule");
            Objects.requireNonNull(message, "message");
        }

        @Override
        public String toString() {
            return rule.coreName() + ": " + message;
        }
    }

    static <R extends Reason> Verdict<R> accept() {
        return new Accept<>();
    }

    static <R extends Reason> Verdict<R> ignore(String why) {
        return new Ignore<>(why);
    }

    static <R extends Reason> Verdict<R> orphan(List<Hash> missingParents) {
        return new Orphan<>(missingParents);
    }

    static <R extends Reason> Verdict<R> reject(R reason, String message) {
        return new Reject<>(reason, message);
    }

    default boolean isAccepted() {
        return this instanceof Accept;
    }

    default boolean isIgnored() {
        return this instanceof Ignore;
    }

    default boolean isOrphan() {
        return this instanceof Orphan;
    }

    default boolean isRejected() {
        return this instanceof Reject;
    }

    /** The rule broken; empty unless rejected. */
    default Optional<R> reason() {
        return this instanceof Reject<R> r ? Optional.of(r.rule()) : Optional.empty();
    }

    /** One line: "accepted", why it was ignored, the missing parents, or the rejection's message. */
    default String message() {
        if (this instanceof Reject<R> r) {
            return r.message();
        }
        if (this instanceof Ignore<R> i) {
            return i.why();
        }
        if (this instanceof Orphan<R> o) {
            return "missing parents " + o.missingParents();
        }
        return "accepted";
    }

    /** The parents an orphan waits for; empty unless an orphan. */
    default List<Hash> missingParents() {
        return this instanceof Orphan<R> o ? o.missingParents() : List.of();
    }

    /** The misbehaviour score for the peer that sent what was validated; 0 unless rejected. */
    default int penalty() {
        return this instanceof Reject<R> r ? r.rule().penalty() : 0;
    }
}
