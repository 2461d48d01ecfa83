package dev.tributary.chain.message;

import dev.tributary.chain.Block;
import dev.tributary.wire.Message;
import dev.tributary.bytes.ByteReader;
import dev.tributary.bytes.ByteWriter;

/** {@code block}: one serialized {@link Block}, with witness data when the block has any. */
public record BlockMessage(Block block) implements Message {
    public static final String COMMAND = "block";

    /** Reads the block; when it spans the whole payload (always, from a frame) the block keeps those bytes. */
    public static BlockMessage read(ByteReader in) {
        if (in.position() == 0 && in.remaining() == in.array().length) {
            Block block = Block.parse(in.array());
            in.skip(in.remaining());
            return new BlockMessage(block);
        }
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
