package dev.tributary.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.net.bitcoin.BitcoinMessages;
import dev.tributary.wire.Message;
import dev.tributary.wire.BitcoinFraming;
import dev.tributary.wire.WireError;
import dev.tributary.wire.WireFormat;
import java.util.List;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** No failure of the accept loop leaves the node deaf: it accepts again. */
class TcpTransportSupervisionTest {

    @Test
    void anErrorWhileAcceptingIsSurvivedAndTheNextConnectionIsAccepted() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        CountDownLatch opened = new CountDownLatch(1);
        ConnectionHandler handler = new ConnectionHandler() {
            @Override
            public void onOpened(Connection connection) {
                opened.countDown();
            }

            @Override
            public void onMessage(Connection connection, Message message, int cost) {
            }

            @Override
            public void onWireError(Connection connection, WireError error) {
            }

            @Override
            public void onWritable(Connection connection) {
            }

            @Override
            public void onClosed(Connection connection, String reason) {
            }
        };
        TcpTransport transport = new TcpTransport(null, 4 << 20, 1_000);
        WireFormat format = new WireFormat("regtest", new BitcoinFraming(0x0709110b), BitcoinMessages.codec());
        try {
            InetSocketAddress at = transport.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), List.of(format),
                    remote -> {
                if (calls.incrementAndGet() == 1) {
                    throw new OutOfMemoryError("simulated: unable to create a thread");
                }
                return handler;
            });
            try (Socket first = new Socket()) {
                first.connect(at, 5_000);
                try (Socket second = new Socket()) {
                    second.connect(at, 5_000);
                    assertThat(opened.await(10, TimeUnit.SECONDS)).as("the second connection was accepted").isTrue();
                }
            }
            assertThat(calls.get()).isEqualTo(2);
        } finally {
            transport.close();
        }
    }

    @Test
    void failuresAreDescribedInTheUsersTerms() {
        assertThat(TcpTransport.describe(new OutOfMemoryError("Java heap space")))
                .isEqualTo("the node ran out of memory (Java heap space)");
        assertThat(TcpTransport.describe(new IllegalStateException("bad state"))).isEqualTo("bad state");
        assertThat(TcpTransport.describe(new NullPointerException())).isEqualTo("an unexpected failure");
        OutOfMemoryError oom = new OutOfMemoryError("Java heap space");
        Throwable selfSuppressed = new IllegalArgumentException("Self-suppression not permitted", oom);
        assertThat(TcpTransport.describe(selfSuppressed)).as("a failure caused by running out of memory")
                .isEqualTo("the node ran out of memory (Java heap space)");
    }

    @Test
    void aConnectionThatCannotBeMadeIsSaidInTheLinesWords() {
        assertThat(TcpTransport.connectFailure(new java.net.ConnectException("Connection refused"), 5_000))
                .isEqualTo("connection refused");
        assertThat(TcpTransport.connectFailure(new java.net.NoRouteToHostException("No route to host"), 5_000))
                .isEqualTo("no route to host");
        assertThat(TcpTransport.connectFailure(new java.net.SocketTimeoutException("Connect timed out"), 5_000))
                .isEqualTo("no answer within 5 s");
        assertThat(TcpTransport.connectFailure(new java.net.UnknownHostException("nohost"), 5_000))
                .isEqualTo("cannot resolve host nohost");
        assertThat(TcpTransport.connectFailure(new java.io.IOException(), 5_000)).isEqualTo("connection failed");
        assertThat(TcpTransport.connectFailure(new java.io.IOException("EOF reached"), 5_000)).isEqualTo("EOF reached");
    }
}
