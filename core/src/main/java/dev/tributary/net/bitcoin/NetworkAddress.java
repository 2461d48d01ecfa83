package dev.tributary.net.bitcoin;

import dev.tributary.bytes.ByteReader;
import dev.tributary.bytes.ByteWriter;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * A peer's address as the wire carries it: services (uint64 LE), a 16-byte IPv6 address (IPv4 as
 * ::ffff:a.b.c.d) and a port (uint16, big-endian). 26 bytes.
 */
public record NetworkAddress(long services, InetAddress address, int port) {
    public static final int SIZE = 26;

    public NetworkAddress {
        if (port < 0 || port > 0xffff) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    public static NetworkAddress of(long services, InetSocketAddress socket) {
        return new NetworkAddress(services, socket.getAddress(), socket.getPort());
    }

    public static NetworkAddress read(ByteReader in) {
        long services = in.readInt64LE();
        byte[] ip = in.readBytes(16);
        int port = in.readUInt16BE();
        try {
            // 16 bytes never trigger a name lookup; an IPv4-mapped address comes back as Inet4Address.
            return new NetworkAddress(services, InetAddress.getByAddress(ip), port);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("16 bytes are always a valid address", e);
        }
    }

    public void write(ByteWriter out) {
        out.writeInt64LE(services);
        byte[] raw = address.getAddress();
        if (address instanceof Inet4Address) {
            byte[] mapped = new byte[16];
            mapped[10] = (byte) 0xff;
            mapped[11] = (byte) 0xff;
            System.arraycopy(raw, 0, mapped, 12, 4);
            raw = mapped;
        } else if (!(address instanceof Inet6Address)) {
            throw new IllegalStateException("unsupported address type " + address);
        }
        out.writeBytes(raw).writeUInt16BE(port);
    }

    public InetSocketAddress toSocketAddress() {
        return new InetSocketAddress(address, port);
    }
}
