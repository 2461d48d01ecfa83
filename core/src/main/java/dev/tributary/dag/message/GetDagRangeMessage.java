package dev.tributary.dag.message;

import dev.tributary.bytes.ByteReader;
import dev.tributary.bytes.ByteWriter;
import dev.tributary.bytes.Hash;
import dev.tributary.bytes.MalformedDataException;
import dev.tributary.dag.BlockAtHeight;
import dev.tributary.dag.DagLocator;
import dev.tributary.wire.Message;
import java.util.List;

/**
 * dagtest {@code getdagrange} (a Tributary extension of soterd's protocol): asks for a page of the peer's
 * blocks in canonical order (by height, then hash), answered by one {@link DagRangeMessage}. Either it locates
 * (the first request of a reconciliation: a {@link DagLocator} of the asker's DAG; the answer starts at the
 * lowest height where the DAGs may differ), or it continues (the next page: strictly after the cursor, which
 * may lie inside one height). Payload, 37 + 36n bytes when n &lt; 253:
 *
 * <pre>
 *  varint        locator entry count n, 0..64
 *  36 × n        locator entries: height int32 LE (&gt;= 0, strictly decreasing), cumulative digest (32)
 *  4             cursor height    int32 LE, &gt;= 0
 *  32            cursor hash      internal order
 * </pre>
 *
 * With n &gt;= 1 the cursor must be (0, zero hash) and is not used. With n = 0 the answer lists the blocks after
 * (cursor height, cursor hash); a zero cursor hash lists from the first block at the cursor height. A message
 * breaking a rule does not decode (malformed: 20 points).
 */
public record GetDagRangeMessage(DagLocator locator, BlockAtHeight cursor) implements Message {
    public static final String COMMAND = "getdagrange";
    /** The largest payload: 64 locator entries and the cursor. */
    public static final int MAX_SIZE = 1 + DagLocator.MAX_ENTRIES * DagLocator.Entry.SIZE + 36;
    private static final BlockAtHeight NO_CURSOR = new BlockAtHeight(Hash.ZERO, 0);

    /** @throws IllegalArgumentException when a locator comes with a cursor other than (0, zero) */
    public GetDagRangeMessage {
        if (!locator.isEmpty() && !cursor.equals(NO_CURSOR)) {
            throw new IllegalArgumentException("a locating request has no cursor");
        }
    }

    /** The first request of a reconciliation: locate the fork with {@code locator} (not empty). */
    public static GetDagRangeMessage locate(DagLocator locator) {
        if (locator.isEmpty()) {
            throw new IllegalArgumentException("an empty locator locates nothing");
        }
        return new GetDagRangeMessage(locator, NO_CURSOR);
    }

    /** The next page: the blocks strictly after {@code cursor} in canonical order. */
    public static GetDagRangeMessage after(BlockAtHeight cursor) {
        return new GetDagRangeMessage(new DagLocator(List.of()), cursor);
    }

    /** Whether this request locates the fork (else it continues after the cursor). */
    public boolean locates() {
        return !locator.isEmpty();
    }

    public static GetDagRangeMessage read(ByteReader in) {
        DagLocator locator = DagLocator.read(in);
        int height = in.readInt32LE();
        Hash hash = in.readHash();
        if (height < 0) {
            throw new MalformedDataException("getdagrange cursor at negative height " + height);
        }
        BlockAtHeight cursor = new BlockAtHeight(hash, height);
        if (!locator.isEmpty() && !cursor.equals(NO_CURSOR)) {
            throw new MalformedDataException("getdagrange has both a locator and a cursor");
        }
        return new GetDagRangeMessage(locator, cursor);
    }

    @Override
    public String command() {
        return COMMAND;
    }

    @Override
    public void write(ByteWriter out) {
        locator.write(out);
        out.writeInt32LE(cursor.height()).writeHash(cursor.hash());
    }
}
