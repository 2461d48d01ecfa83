package dev.tributary.net.bitcoin;

import dev.tributary.bytes.ByteReader;
import dev.tributary.bytes.ByteWriter;

/** An entry of an {@code addr} message: when the address was last seen (uint32 seconds), then the address. 30 bytes. */
public record TimestampedAddress(long time, NetworkAddress address) {
    public static final int SIZE = 4 + NetworkAddress.SIZE;

    public static TimestampedAddress read(ByteReader in) {
        return new TimestampedAddress(in.readUInt32LE(), NetworkAddress.read(in));
    }

    public void write(ByteWriter out) {
        out.writeUInt32LE(time);
        address.write(out);
    }
}
