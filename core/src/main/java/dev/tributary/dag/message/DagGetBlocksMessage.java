package dev.tributary.dag.message;

import dev.tributary.bytes.ByteReader;
import dev.tributary.bytes.ByteWriter;
import dev.tributary.bytes.Hash;
import dev.tributary.bytes.MalformedDataException;
import dev.tributary.wire.Message;

/**
 * dagtest {@code getblocks}: asks for an {@code inv} of the blocks in canonical order from the first one at
 * {@code startHeight} up to and including {@code stopHash} (the zero hash: up to the tips), at most 500.
 * soterd asks by height where Bitcoin sends a locator: in a DAG, a height names a cut every node shares.
 * 40 bytes:
 *
 * <pre>
 *  offset  size  field
 *   0       4    protocol version  int32 LE
 *   4       4    start height      int32 LE, &gt;= 0
 *   8      32    stop hash         internal order; zero: up to the tips
 * </pre>
 */
public record DagGetBlocksMessage(int protocolVersion, int startHeight, Hash stopHash) implements Message {
    public static final String COMMAND = "getblocks";
    public static final int SIZE = 4 + 4 + 32;

    public DagGetBlocksMessage {
        if (startHeight < 0) {
            throw new IllegalArgumentException("negative start height " + startHeight);
        }
    }

    /** A request from {@code startHeight} up to the tips. */
    public static DagGetBlocksMessage toTips(int protocolVersion, int startHeight) {
        return new DagGetBlocksMessage(protocolVersion, startHeight, Hash.ZERO);
    }

    public static DagGetBlocksMessage read(ByteReader in) {
        int version = in.readInt32LE();
        int start = in.readInt32LE();
        if (start < 0) {
            throw new MalformedDataException("getblocks with negative start height " + start);
        }
        return new DagGetBlocksMessage(version, start, in.readHash());
    }

    /** True when the stop hash is zero: the peer wants everything up to the tips. */
    public boolean toTips() {
        return stopHash.isZero();
    }

    @Override
    public String command() {
        return COMMAND;
    }

    @Override
    public void write(ByteWriter out) {
        out.writeInt32LE(protocolVersion).writeInt32LE(startHeight).writeHash(stopHash);
    }
}
