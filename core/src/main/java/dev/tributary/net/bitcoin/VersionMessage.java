package dev.tributary.net.bitcoin;

import dev.tributary.wire.Message;
import dev.tributary.wire.WireLimits;
import dev.tributary.bytes.ByteReader;
import dev.tributary.bytes.ByteWriter;

/**
 * {@code version}: the first message each side sends.
 *
 * <pre>
 *  int32   protocol version
 *  uint64  services
 *  int64   timestamp (seconds)
 *  26      receiver's address (services, ip, port)
 *  26      sender's address
 *  uint64  nonce (detects connections to self)
 *  varstr  user agent (at most 256 bytes)
 *  int32   start height (best block the sender has)
 *  bool    relay (BIP 37; absent in old versions, then true)
 * </pre>
 */
public record VersionMessage(int protocolVersion, long services, long timestamp, NetworkAddress receiver,
        NetworkAddress sender, long nonce, String userAgent, int startHeight, boolean relay) implements Message {

    public static final String COMMAND = "version";

    /** NODE_NETWORK: serves the full block chain. */
    public static final long NODE_NETWORK = 1;
    /** NODE_WITNESS: serves witness data (BIP 144). */
    public static final long NODE_WITNESS = 1 << 3;
    /** NODE_NETWORK_LIMITED: serves the last 288 blocks (BIP 159). */
    public static final long NODE_NETWORK_LIMITED = 1 << 10;

    @Override
    public String command() {
        return COMMAND;
    }

    public static VersionMessage read(ByteReader in) {
        int version = in.readInt32LE();
        long services = in.readInt64LE();
        long timestamp = in.readInt64LE();
        NetworkAddress receiver = NetworkAddress.read(in);
        NetworkAddress sender = NetworkAddress.read(in);
        long nonce = in.readInt64LE();
        String userAgent = in.readVarString(WireLimits.MAX_USER_AGENT);
        int startHeight = in.readInt32LE();
        boolean relay = in.remaining() == 0 || in.readBoolean();
        return new VersionMessage(version, services, timestamp, receiver, sender, nonce, userAgent, startHeight, relay);
    }

    @Override
    public void write(ByteWriter out) {
        out.writeInt32LE(protocolVersion).writeInt64LE(services).writeInt64LE(timestamp);
        receiver.write(out);
        sender.write(out);
        out.writeInt64LE(nonce).writeVarString(userAgent).writeInt32LE(startHeight).writeBoolean(relay);
    }

    public boolean hasServices(long mask) {
        return (services & mask) == mask;
    }
}
