package dev.tributary.net.bitcoin;

import dev.tributary.wire.Message;
import dev.tributary.wire.WireLimits;
import dev.tributary.bytes.ByteReader;
import dev.tributary.bytes.ByteWriter;
import java.util.ArrayList;
import java.util.List;

/** {@code addr}: varint count (at most 1,000), then that many 30-byte {@link TimestampedAddress} entries. */
public record AddrMessage(List<TimestampedAddress> addresses) implements Message {
    public static final String COMMAND = "addr";

    public AddrMessage {
        addresses = List.copyOf(addresses);
        if (addresses.size() > WireLimits.MAX_ADDRESSES) {
            throw new IllegalArgumentException("addr holds at most " + WireLimits.MAX_ADDRESSES + " addresses");
        }
    }

    public static AddrMessage read(ByteReader in) {
        int n = in.readCount(WireLimits.MAX_ADDRESSES, TimestampedAddress.SIZE, "addresses");
        List<TimestampedAddress> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(TimestampedAddress.read(in));
        }
        return new AddrMessage(list);
    }

    @Override
    public String command() {
        return COMMAND;
    }

    @Override
    public void write(ByteWriter out) {
        out.writeVarInt(addresses.size());
        addresses.forEach(a -> a.write(out));
    }
}
