package dev.tributary.chain;

import dev.tributary.bytes.ByteReader;
import dev.tributary.bytes.ByteWriter;
import dev.tributary.bytes.Hash;
import dev.tributary.bytes.MalformedDataException;
import dev.tributary.bytes.Sha256;
import java.util.ArrayList;
import java.util.List;

/**
 * A Bitcoin transaction, immutable. Two serializations exist (BIP 144):
 *
 * <pre>
 *  legacy:  version int32 | txin count varint | txins | txout count varint | txouts | lock_time uint32
 *  witness: version int32 | 0x00 marker | 0x01 flag | txin count | txins | txout count | txouts
 *           | one witness stack per input (item count varint, then varint-prefixed items) | lock_time
 *
 *  txin:    previous outpoint (32-byte txid, uint32 index) | script varbytes | sequence uint32
 *  txout:   value int64 | script varbytes
 * </pre>
 *
 * The txid is SHA-256d of the legacy form; the wtxid of the witness form (equal to the txid without
 * witness data). Parsing is bounded by the input: counts are checked against the bytes that remain.
 */
public final class Transaction {
    private final int version;
    private final List<TxInput> inputs;
    private final List<TxOutput> outputs;
    private final long lockTime;
    private final Hash txid;
    private final int strippedSize;
    private final boolean hasWitness;
    /** Computed on first use: the witness serialization's size and hash (equal to the stripped ones without witness). */
    private int totalSize = -1;
    private Hash wtxid;

    public Transaction(int version, List<TxInput> inputs, List<TxOutput> outputs, long lockTime) {
        this.version = version;
        this.inputs = List.copyOf(inputs);
        this.outputs = List.copyOf(outputs);
        this.lockTime = lockTime & 0xffffffffL;
        this.hasWitness = this.inputs.stream().anyMatch(TxInput::hasWitness);
        byte[] stripped = serialize(false);
        this.txid = Sha256.sha256d(stripped);
        this.strippedSize = stripped.length;
    }

    /** Reads one transaction, in either serialization. */
    public static Transaction read(ByteReader in) {
        int version = in.readInt32LE();
        int count = (int) Math.min(Integer.MAX_VALUE, peekVarInt(in));
        boolean witness = false;
        if (count == 0) {
            // BIP 144: a zero input count followed by flag 0x01 marks the witness serialization.
            in.readVarInt();
            int flag = in.readUInt8();
            if (flag != 1) {
                throw new MalformedDataException("transaction has no inputs (or an unknown witness flag " + flag + ")");
            }
            witness = true;
        }
        int nIn = in.readCount(Integer.MAX_VALUE, TxInput.MIN_SIZE, "transaction inputs");
        if (witness && nIn == 0) {
            throw new MalformedDataException("witness transaction has no inputs");
        }
        List<OutPoint> prevs = new ArrayList<>(nIn);
        List<byte[]> scripts = new ArrayList<>(nIn);
        long[] sequences = new long[nIn];
        for (int i = 0; i < nIn; i++) {
            prevs.add(OutPoint.read(in));
            scripts.add(in.readVarBytes(in.remaining()));
            sequences[i] = in.readUInt32LE();
        }
        int nOut = in.readCount(Integer.MAX_VALUE, TxOutput.MIN_SIZE, "transaction outputs");
        List<TxOutput> outputs = new ArrayList<>(nOut);
        for (int i = 0; i < nOut; i++) {
            outputs.add(new TxOutput(in.readInt64LE(), in.readVarBytes(in.remaining())));
        }
        List<TxInput> inputs = new ArrayList<>(nIn);
        boolean anyWitness = false;
        for (int i = 0; i < nIn; i++) {
            List<byte[]> stack = List.of();
            if (witness) {
                // Kept serialized: a stack costs its wire bytes, however many (empty) items it declares.
                WitnessStack s = WitnessStack.read(in);
                stack = s.isEmpty() ? List.of() : s;
                anyWitness |= !s.isEmpty();
            }
            inputs.add(new TxInput(prevs.get(i), scripts.get(i), sequences[i], stack));
        }
        if (witness && !anyWitness) {
            throw new MalformedDataException("witness serialization with only empty witnesses");
        }
        long lockTime = in.readUInt32LE();
        return new Transaction(version, inputs, outputs, lockTime);
    }

    private static long peekVarInt(ByteReader in) {
        if (in.remaining() < 1) {
            throw new MalformedDataException("truncated: transaction input count");
        }
        return in.array()[in.position()] & 0xff;
    }

    /** Parses exactly one transaction from {@code bytes}. */
    public static Transaction parse(byte[] bytes) {
        ByteReader in = new ByteReader(bytes);
        Transaction tx = read(in);
        in.requireFullyRead("transaction");
        return tx;
    }

    /** Writes the witness form when {@code withWitness} and the transaction has witness data, else the legacy form. */
    public void write(ByteWriter out, boolean withWitness) {
        boolean w = withWitness && hasWitness;
        out.writeInt32LE(version);
        if (w) {
            out.writeUInt8(0).writeUInt8(1);
        }
        out.writeVarInt(inputs.size());
        for (TxInput in : inputs) {
            in.previous().write(out);
            out.writeVarBytes(in.scriptSig()).writeUInt32LE(in.sequence());
        }
        out.writeVarInt(outputs.size());
        for (TxOutput o : outputs) {
            out.writeInt64LE(o.value()).writeVarBytes(o.scriptPubKey());
        }
        if (w) {
            for (TxInput in : inputs) {
                if (in.witness() instanceof WitnessStack stack) {
                    stack.write(out);
                    continue;
                }
                out.writeVarInt(in.witness().size());
                for (byte[] item : in.witness()) {
                    out.writeVarBytes(item);
                }
            }
        }
        out.writeUInt32LE(lockTime);
    }

    public byte[] serialize(boolean withWitness) {
        ByteWriter w = new ByteWriter(256);
        write(w, withWitness);
        return w.toByteArray();
    }

    /** SHA-256d of the legacy serialization. */
    public Hash txid() {
        return txid;
    }

    /** SHA-256d of the witness serialization; the txid when there is no witness data. */
    public Hash wtxid() {
        if (!hasWitness) {
            return txid;
        }
        if (wtxid == null) {
            byte[] full = serialize(true);
            totalSize = full.length;
            wtxid = Sha256.sha256d(full);
        }
        return wtxid;
    }

    /** Size of the legacy serialization (without witness data), in bytes. */
    public int strippedSize() {
        return strippedSize;
    }

    /** Size of the full serialization (with witness data when there is any), in bytes. */
    public int totalSize() {
        if (!hasWitness) {
            return strippedSize;
        }
        if (totalSize < 0) {
            totalSize = serialize(true).length;
        }
        return totalSize;
    }

    public boolean hasWitness() {
        return hasWitness;
    }

    /** A coinbase has exactly one input, spending the null outpoint. */
    public boolean isCoinbase() {
        return inputs.size() == 1 && inputs.get(0).previous().isNull();
    }

    public int version() {
        return version;
    }

    public List<TxInput> inputs() {
        return inputs;
    }

    public List<TxOutput> outputs() {
        return outputs;
    }

    public long lockTime() {
        return lockTime;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Transaction other && txid.equals(other.txid) && wtxid().equals(other.wtxid());
    }

    @Override
    public int hashCode() {
        return txid.hashCode();
    }

    @Override
    public String toString() {
        return "Transaction{" + txid + ", " + inputs.size() + " in, " + outputs.size() + " out}";
    }
}
