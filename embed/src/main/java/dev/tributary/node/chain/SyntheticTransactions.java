package dev.tributary.node.chain;

import dev.tributary.bytes.Hash;
import dev.tributary.chain.OutPoint;
import dev.tributary.chain.Transaction;
import dev.tributary.chain.TxInput;
import dev.tributary.chain.TxOutput;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/**
 * Transactions of realistic shape for local networks, tests and the demo: one input with a signature-sized
 * scriptSig spending a random outpoint, two pay-to-pubkey-hash outputs, about {@link #SIZE} bytes. They pass the
 * context-free checks a memory pool and a block make (Tributary keeps no coins, so the spent outputs need not
 * exist). Deterministic for a given {@link Random}.
 *
 * <p>To submit one to a running node: {@code POST /transactions {"hex": SyntheticTransactions.hex(random)}},
 * or from a shell {@code tributary make-tx --count N} and post each line.
 */
public final class SyntheticTransactions {
    /** Size of one synthetic transaction in bytes. */
    public static final int SIZE = 226;

    private SyntheticTransactions() {
    }

    /** One synthetic transaction. */
    public static Transaction create(Random random) {
        byte[] prev = new byte[32];
        random.nextBytes(prev);
        byte[] scriptSig = new byte[107];
        random.nextBytes(scriptSig);
        TxInput in = new TxInput(new OutPoint(Hash.wrap(prev), random.nextInt(4)), scriptSig, 0xffffffffL, List.of());
        List<TxOutput> outs = List.of(new TxOutput(1 + random.nextInt(100_000_000), p2pkh(random)),
                new TxOutput(1 + random.nextInt(100_000_000), p2pkh(random)));
        return new Transaction(2, List.of(in), outs, 0);
    }

    /** One synthetic transaction, serialized as lowercase hex (what {@code POST /transactions} takes). */
    public static String hex(Random random) {
        return HexFormat.of().formatHex(create(random).serialize(true));
    }

    /** A pay-to-pubkey-hash output script to a random key hash. */
    public static byte[] p2pkh(Random random) {
        byte[] script = new byte[25];
        script[0] = 0x76;
        script[1] = (byte) 0xa9;
        script[2] = 0x14;
        byte[] hash = new byte[20];
        random.nextBytes(hash);
        System.arraycopy(hash, 0, script, 3, 20);
        script[23] = (byte) 0x88;
        script[24] = (byte) 0xac;
        return script;
    }
}
