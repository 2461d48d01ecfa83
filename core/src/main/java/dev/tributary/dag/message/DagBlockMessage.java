package dev.tributary.dag.message;

import dev.tributary.dag.DagBlock;
import dev.tributary.bytes.ByteReader;
import dev.tributary.bytes.ByteWriter;
import dev.tributary.wire.Message;

/** dagtest {@code block}: one serialized {@link DagBlock}, the answer to a getdata of a block entry. */
public record DagBlockMessage(DagBlock block) implements Message {
    public static final String COMMAND = "block";

    public static DagBlockMessage read(ByteReader in) {
        return new DagBlockMessage(DagBlock.read(in));
    }

    @Override
    public String command() {
        return COMMAND;
    }

    @Override
    public void write(ByteWriter out) {
        block.write(out);
    }
}
