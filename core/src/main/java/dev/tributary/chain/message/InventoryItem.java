package dev.tributary.chain.message;

import dev.tributary.bytes.ByteReader;
import dev.tributary.bytes.ByteWriter;
import dev.tributary.bytes.Hash;

/**
 * One entry of {@code inv}, {@code getdata} and {@code notfound}: a type (uint32 LE) and a hash. 36 bytes.
 * The witness flag (bit 30) asks for the witness serialization of a block or transaction (BIP 144).
 */
public record InventoryItem(int type, Hash hash) {
    public static final int SIZE = 4 + 32;

    public static final int ERROR = 0;
    public static final int TX = 1;
    public static final int BLOCK = 2;
    public static final int FILTERED_BLOCK = 3;
    public static final int COMPACT_BLOCK = 4;
    public static final int WTX = 5;
    public static final int WITNESS_FLAG = 1 << 30;
    public static final int WITNESS_TX = TX | WITNESS_FLAG;
    public static final int WITNESS_BLOCK = BLOCK | WITNESS_FLAG;

    public static InventoryItem block(Hash hash) {
        return new InventoryItem(BLOCK, hash);
    }

    public static InventoryItem witnessBlock(Hash hash) {
        return new InventoryItem(WITNESS_BLOCK, hash);
    }

    public static InventoryItem tx(Hash hash) {
        return new InventoryItem(TX, hash);
    }

    public static InventoryItem read(ByteReader in) {
        return new InventoryItem(in.readInt32LE(), in.readHash());
    }

    public void write(ByteWriter out) {
        out.writeInt32LE(type).writeHash(hash);
    }

    /** The type without the witness flag. */
    public int baseType() {
        return type & ~WITNESS_FLAG;
    }

    public boolean isBlock() {
        return baseType() == BLOCK;
    }

    public boolean isTransaction() {
        return baseType() == TX || baseType() == WTX;
    }

    public boolean wantsWitness() {
        return (type & WITNESS_FLAG) != 0;
    }

    @Override
    public String toString() {
        String name = switch (baseType()) {
            case TX -> "tx";
            case BLOCK -> "block";
            case FILTERED_BLOCK -> "filtered-block";
            case COMPACT_BLOCK -> "compact-block";
            case WTX -> "wtx";
            case ERROR -> "error";
            default -> "type-" + type;
        };
        return (wantsWitness() ? "witness-" : "") + name + ":" + hash;
    }
}
