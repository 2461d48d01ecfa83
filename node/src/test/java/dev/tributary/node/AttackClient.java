package dev.tributary.node;

import dev.tributary.wire.DecodeResult;
import dev.tributary.net.bitcoin.EmptyMessages;
import dev.tributary.wire.FrameCodec;
import dev.tributary.wire.FrameDecoder;
import dev.tributary.wire.Message;
import dev.tributary.wire.MessageCodec;
import dev.tributary.net.bitcoin.NetworkAddress;
import dev.tributary.net.bitcoin.VersionMessage;
import dev.tributary.wire.WireError;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Random;

/**
 * One attacking connection over a real socket: it connects, optionally completes the handshake (reading only
 * until the node's {@code verack}), then writes whatever it is told and never reads again, as an attacker that
 * wants the node to buffer its answers. Blocking; one per thread.
 */
final class AttackClient implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;
    private final int magic;

    private AttackClient(Socket socket, int magic) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.magic = magic;
    }

    /**
     * The attackers' network: loopback addresses of another /16 than honest peers' 127.0.0.1, standing for a
     * network of their own, as a real attacker's addresses share a network group.
     */
    private static final java.util.concurrent.atomic.AtomicInteger NEXT = new java.util.concurrent.atomic.AtomicInteger();

    /** Connects without a word, from an address in 127.1.0.0/16. */
    static AttackClient connect(InetSocketAddress node, int magic) throws IOException {
        Socket s = new Socket();
        int n = NEXT.getAndIncrement();
        s.bind(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 1, (byte) (n >> 8), (byte) (1 + n % 250)}),
                0));
        s.connect(node, 5_000);
        s.setTcpNoDelay(true);
        return new AttackClient(s, magic);
    }

    /** Connects and completes the handshake; returns null when the node refused or dropped the connection. */
    static AttackClient handshaked(InetSocketAddress node, int magic, MessageCodec codec) {
        AttackClient c = null;
        try {
            c = connect(node, magic);
            c.socket.setSoTimeout(10_000);
            VersionMessage v = new VersionMessage(70015, 0, System.currentTimeMillis() / 1000,
                    NetworkAddress.of(0, node), new NetworkAddress(0, InetAddress.getLoopbackAddress(), 0),
                    new Random().nextLong(), "/attacker:0.1/", 0, false);
            c.send(v);
            c.send(EmptyMessages.Verack.INSTANCE);
            if (!c.awaitVerack(codec)) {
                c.close();
                return null;
            }
            c.socket.setSoTimeout(0);
            return c;
        } catch (IOException e) {
            if (c != null) {
                c.close();
            }
            return null;
        }
    }

    private boolean awaitVerack(MessageCodec codec) throws IOException {
        return await(codec, m -> m instanceof EmptyMessages.Verack);
    }

    /**
     * Sends a ping and reads until the node's pong: the node has then handled everything sent before, the
     * handshake included. Returns false when the node closed the connection first.
     */
    boolean pingPong(MessageCodec codec) throws IOException {
        long nonce = new Random().nextLong();
        send(new dev.tributary.net.bitcoin.PingMessage(nonce));
        socket.setSoTimeout(10_000);
        return await(codec, m -> m instanceof dev.tributary.net.bitcoin.PongMessage p && p.nonce() == nonce);
    }

    private boolean await(MessageCodec codec, java.util.function.Predicate<Message> wanted) throws IOException {
        boolean[] got = new boolean[1];
        FrameDecoder decoder = new FrameDecoder(magic);
        FrameDecoder.Sink sink = new FrameDecoder.Sink() {
            @Override
            public void onFrame(String command, byte[] payload) {
                DecodeResult r = codec.decode(command, payload);
                if (r instanceof DecodeResult.Decoded d && wanted.test(d.message())) {
                    got[0] = true;
                }
            }

            @Override
            public void onError(WireError error) {
            }
        };
        InputStream in = socket.getInputStream();
        byte[] buf = new byte[4096];
        while (!got[0]) {
            int n = in.read(buf);
            if (n < 0) {
                return false;
            }
            decoder.feed(buf, 0, n, sink);
        }
        return true;
    }

    void send(Message m) throws IOException {
        out.write(FrameCodec.encode(magic, m));
        out.flush();
    }

    /**
     * Sends the messages in order until the node hangs up, as it may once the flood has cost the sender enough
     * points: a write that fails then is the expected outcome, not an error of the test.
     *
     * @return how many messages were written before the connection closed (all of them if it stayed open)
     */
    int flood(java.util.List<? extends Message> messages) {
        int written = 0;
        try {
            for (Message m : messages) {
                send(m);
                written++;
            }
        } catch (IOException closedByTheNode) {
            // the node ended the connection mid-flood
        }
        return written;
    }

    void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /**
     * Whether the node still holds the connection: waits up to half a second for it to close (anything it sends
     * meanwhile, such as pings, is read and dropped unanswered).
     */
    boolean stillOpen() {
        try {
            socket.setSoTimeout(500);
            byte[] buf = new byte[4096];
            return socket.getInputStream().read(buf) >= 0;
        } catch (java.net.SocketTimeoutException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing
        }
    }
}
