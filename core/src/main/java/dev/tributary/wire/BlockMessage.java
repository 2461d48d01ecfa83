package dev.tributary.wire;

import dev.tributary.bytes.ByteReader;
import dev.tributary.bytes.ByteWriter;

/** {@code block}: one serialized {@link Block}, with witness data when the block has any. */
public record BlockMessage(Block block) implements Message {
    public static final String COMMAND = "block";

    public static BlockMessage read(ByteReader in) {
        return new BlockMessage(Block.read(in));
    }

    @Override
    public String command() {
        return COMMAND;
    }

    @Override
    public void write(ByteWriter out) {
        block.write(out, true);
    }
}
