package dev.tributary.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** {@code tributary records sync}'s refusals: one {@code error:} line in words, exit code 2 for usage, 1 for failures. */
class RecordsCommandTest {

    @Test
    void aUrlThatIsNotHttpIsAUsageError() {
        Cli.Result r = Cli.run("records", "sync", "--source", "ftp://x/records/a", "--target", "http://127.0.0.1:1/records/a");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).anySatisfy(l -> assertThat(l).startsWith("error: the source must be an http:// or https:// URL"));
    }

    @Test
    void anEndpointThatDoesNotAnswerIsNamed() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Cli.Result r = Cli.run("records", "sync", "--source", "http://127.0.0.1:" + port + "/records/a",
                "--target", "http://127.0.0.1:" + port + "/records/a");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).anySatisfy(l -> assertThat(l).isEqualTo("error: cannot reach http://127.0.0.1:" + port
                + " (connection refused)"));
    }
}
