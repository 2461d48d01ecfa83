package dev.tributary.chain.message;

import dev.tributary.wire.WireLimits;
import dev.tributary.bytes.ByteReader;
import dev.tributary.bytes.ByteWriter;
import dev.tributary.bytes.Hash;
import java.util.ArrayList;
import java.util.List;

/**
 * The shared payload of {@code getheaders} and {@code getblocks}:
 *
 * <pre>
 *  int32    protocol version
 *  varint   locator count (at most 101)
 *  32 × n   locator hashes, newest first
 *  32       stop hash (zero: as many as allowed)
 * </pre>
 */
final class BlockLocatorMessage {
    private BlockLocatorMessage() {
    }

    record Fields(int protocolVersion, List<Hash> locator, Hash stopHash) {
    }

    static Fields read(ByteReader in) {
        int version = in.readInt32LE();
        int n = in.readCount(WireLimits.MAX_LOCATOR, Hash.LENGTH, "locator hashes");
        List<Hash> locator = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            locator.add(in.readHash());
        }
        return new Fields(version, locator, in.readHash());
    }

    static void write(ByteWriter out, int protocolVersion, List<Hash> locator, Hash stopHash) {
        out.writeInt32LE(protocolVersion).writeVarInt(locator.size());
        locator.forEach(out::writeHash);
        out.writeHash(stopHash);
    }

    static List<Hash> checked(List<Hash> locator) {
        List<Hash> copy = List.copyOf(locator);
        if (copy.size() > WireLimits.MAX_LOCATOR) {
            throw new IllegalArgumentException("a locator holds at most " + WireLimits.MAX_LOCATOR + " hashes");
        }
        return copy;
    }
}
