package dev.tributary.chain;

import dev.tributary.bytes.ByteReader;
import dev.tributary.bytes.ByteWriter;
import dev.tributary.bytes.Hash;

/**
 * A reference to a transaction output: the transaction's id and the output's index (uint32).
 * 36 bytes on the wire. The coinbase input spends the null outpoint (zero hash, index 0xffffffff).
 */
public record OutPoint(Hash txid, long index) {
    public static final int SIZE = 36;
    public static final OutPoint NULL = new OutPoint(Hash.ZERO, 0xffffffffL);

    public static OutPoint read(ByteReader in) {
        return new OutPoint(in.readHash(), in.readUInt32LE());
    }

    public void write(ByteWriter out) {
        out.writeHash(txid).writeUInt32LE(index);
    }

    public boolean isNull() {
        return txid.isZero() && index == 0xffffffffL;
    }
}
