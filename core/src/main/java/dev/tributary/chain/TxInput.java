package dev.tributary.chain;

import java.util.List;

/**
 * A transaction input: the output it spends, its unlocking script, its sequence number (uint32) and, in a
 * segregated-witness transaction, its witness stack (empty otherwise).
 */
public record TxInput(OutPoint previous, byte[] scriptSig, long sequence, List<byte[]> witness) {
    /** Smallest serialized input: outpoint, empty script length, sequence. */
    public static final int MIN_SIZE = OutPoint.SIZE + 1 + 4;

    public TxInput {
        // A stack read from the wire is immutable and compact already; copying it would materialize every item.
        witness = witness instanceof WitnessStack ? witness : List.copyOf(witness);
    }

    public boolean hasWitness() {
        return !witness.isEmpty();
    }
}
