package dev.tributary.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tributary sync} stopped by Ctrl-C says so on standard error, and that the same command goes on where it
 * stopped, as {@code records sync} does; not a silent exit.
 */
class SyncInterruptIT {

    @Test
    void interruptedByCtrlCItSaysTheSameCommandResumes(@TempDir Path dir) throws Exception {
        List<Socket> held = new ArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread accepter = new Thread(() -> {
                try {
                    while (true) {
                        held.add(silent.accept()); // a peer that never answers: the sync waits for its handshake
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            }, "silent peer");
            accepter.setDaemon(true);
            accepter.start();
            try (ChildCli sync = ChildCli.start("sync", "--network", "regtest", "--datadir", dir.resolve("d").toString(),
                    "--connect", "127.0.0.1:" + silent.getLocalPort())) {
                sync.awaitErrLine(l -> l.startsWith("Headers:"), Duration.ofSeconds(60));
                sync.interrupt();
                assertThat(sync.waitFor(Duration.ofSeconds(60))).as(sync.transcript()).isNotZero();
                assertThat(sync.err()).as(sync.transcript()).contains("sync: interrupted; what was stored stays stored:"
                        + " run the same command again to resume where it stopped");
            }
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }
}
