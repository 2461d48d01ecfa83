package dev.tributary.dag.message;

import dev.tributary.bytes.ByteReader;
import dev.tributary.bytes.ByteWriter;
import dev.tributary.bytes.Hash;
import dev.tributary.bytes.MalformedDataException;
import dev.tributary.dag.BlockAtHeight;
import dev.tributary.wire.Message;
import java.util.ArrayList;
import java.util.List;

/**
 * dagtest {@code dagrange} (a Tributary extension of soterd's protocol): the answer to one
 * {@link GetDagRangeMessage}, a page of the sender's blocks in canonical order. The asker fetches those it
 * lacks with {@code getdata}; when {@code more} is set, it asks for the next page after the last entry, which
 * continues inside a height when the page ended inside one. Payload, 2 + 36n bytes when n &lt; 253:
 *
 * <pre>
 *  varint        entry count n, 0..2000
 *  36 × n        entries: height int32 LE (&gt;= 0), hash (internal order); strictly ascending canonical order
 *  1             more    0: the listing is complete; 1: more blocks follow the last entry (then n &gt;= 1)
 * </pre>
 *
 * An empty page with {@code more} = 0 means "nothing here you may lack". A message breaking a rule does not
 * decode (malformed: 20 points).
 */
public record DagRangeMessage(List<BlockAtHeight> blocks, boolean more) implements Message {
    public static final String COMMAND = "dagrange";
    /** Most entries in one page (Bitcoin's {@code headers} limit). */
    public static final int MAX_ENTRIES = 2000;
    private static final int ENTRY_SIZE = 4 + Hash.LENGTH;
    /** The largest payload: 2,000 entries (a 3-byte count) and the flag. */
    public static final int MAX_SIZE = 3 + MAX_ENTRIES * ENTRY_SIZE + 1;

    /** @throws IllegalArgumentException on too many entries, entries out of canonical order, or more without one */
    public DagRangeMessage {
        blocks = List.copyOf(blocks);
        String problem = problem(blocks, more);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    public static DagRangeMessage read(ByteReader in) {
        int n = in.readCount(MAX_ENTRIES, ENTRY_SIZE, "range entries");
        List<BlockAtHeight> blocks = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int height = in.readInt32LE();
            Hash hash = in.readHash();
            if (height < 0) {
                throw new MalformedDataException("dagrange entry " + i + " at negative height " + height);
            }
            blocks.add(new BlockAtHeight(hash, height));
        }
        int more = in.readUInt8();
        if (more > 1) {
            throw new MalformedDataException("dagrange more flag " + more + " is neither 0 nor 1");
        }
        String problem = problem(blocks, more == 1);
        if (problem != null) {
            throw new MalformedDataException("dagrange: " + problem);
        }
        return new DagRangeMessage(blocks, more == 1);
    }

    private static String problem(List<BlockAtHeight> blocks, boolean more) {
        if (blocks.size() > MAX_ENTRIES) {
            return blocks.size() + " entries exceed the limit of " + MAX_ENTRIES;
        }
        if (more && blocks.isEmpty()) {
            return "an empty page cannot have more after it";
        }
        for (int i = 1; i < blocks.size(); i++) {
            if (blocks.get(i).compareTo(blocks.get(i - 1)) <= 0) {
                return "entries are not in strictly ascending canonical order at entry " + i;
            }
        }
        return null;
    }

    @Override
    public String command() {
        return COMMAND;
    }

    @Override
    public void write(ByteWriter out) {
        out.writeVarInt(blocks.size());
        for (BlockAtHeight b : blocks) {
            out.writeInt32LE(b.height()).writeHash(b.hash());
        }
        out.writeUInt8(more ? 1 : 0);
    }
}
