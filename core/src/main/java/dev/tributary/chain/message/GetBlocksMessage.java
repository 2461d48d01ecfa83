package dev.tributary.chain.message;

import dev.tributary.wire.Message;
import dev.tributary.bytes.ByteReader;
import dev.tributary.bytes.ByteWriter;
import dev.tributary.bytes.Hash;
import java.util.List;

/**
 * {@code getblocks}: asks for an {@code inv} of up to 500 blocks following the first locator hash the
 * peer knows, up to {@code stopHash}. Payload as in {@link BlockLocatorMessage}.
 */
public record GetBlocksMessage(int protocolVersion, List<Hash> locator, Hash stopHash) implements Message {
    public static final String COMMAND = "getblocks";

    public GetBlocksMessage {
        locator = BlockLocatorMessage.checked(locator);
    }

    public static GetBlocksMessage read(ByteReader in) {
        BlockLocatorMessage.Fields f = BlockLocatorMessage.read(in);
        return new GetBlocksMessage(f.protocolVersion(), f.locator(), f.stopHash());
    }

    @Override
    public String command() {
        return COMMAND;
    }

    @Override
    public void write(ByteWriter out) {
        BlockLocatorMessage.write(out, protocolVersion, locator, stopHash);
    }
}
