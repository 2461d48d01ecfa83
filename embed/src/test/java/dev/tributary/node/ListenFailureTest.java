package dev.tributary.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** A socket that cannot be bound is said in words, the same for every port the node opens. */
class ListenFailureTest {

    @Test
    void aPortInUseIsSaidSo() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             ServerSocket second = new ServerSocket()) {
            BindException e = org.junit.jupiter.api.Assertions.assertThrows(BindException.class,
                    () -> second.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), taken.getLocalPort())));
            assertThat(ListenFailure.reason(e)).isEqualTo("the port is in use");
        }
    }

    @Test
    void otherReasonsAreWordedOrKeptWithoutTheJdksParentheses() {
        assertThat(ListenFailure.reason(new BindException("Cannot assign requested address")))
                .isEqualTo("the address is not one of this machine's");
        assertThat(ListenFailure.reason(new BindException("Permission denied")))
                .isEqualTo("permission denied (ports below 1024 need privileges)");
        assertThat(ListenFailure.reason(new BindException("Something else (Bind failed)"))).isEqualTo("something else");
    }
}
