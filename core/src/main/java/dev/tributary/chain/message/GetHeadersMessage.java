package dev.tributary.chain.message;

import dev.tributary.wire.Message;
import dev.tributary.bytes.ByteReader;
import dev.tributary.bytes.ByteWriter;
import dev.tributary.bytes.Hash;
import java.util.List;

/**
 * {@code getheaders}: asks for up to 2,000 headers following the first locator hash the peer knows,
 * up to and including {@code stopHash}. Payload as in {@link BlockLocatorMessage}.
 */
public record GetHeadersMessage(int protocolVersion, List<Hash> locator, Hash stopHash) implements Message {
    public static final String COMMAND = "getheaders";

    public GetHeadersMessage {
        locator = BlockLocatorMessage.checked(locator);
    }

    public static GetHeadersMessage read(ByteReader in) {
        BlockLocatorMessage.Fields f = BlockLocatorMessage.read(in);
        return new GetHeadersMessage(f.protocolVersion(), f.locator(), f.stopHash());
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
