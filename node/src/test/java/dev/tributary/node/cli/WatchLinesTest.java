package dev.tributary.node.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** A watch stream's lines as they come, its end, and a node gone silent told apart from one that writes. */
class WatchLinesTest {
    @Test
    void linesComeInOrderThenTheEnd() throws Exception {
        PipedOutputStream node = new PipedOutputStream();
        WatchLines feed = new WatchLines(new BufferedReader(new InputStreamReader(new PipedInputStream(node),
                StandardCharsets.UTF_8)));
        node.write("{\"watching\": \"/orbitdb/x\"}\n\n{\"hash\": \"h\"}\n".getBytes(StandardCharsets.UTF_8));
        node.close();
        assertThat(feed.next(Duration.ofSeconds(10))).isEqualTo("{\"watching\": \"/orbitdb/x\"}");
        assertThat(feed.next(Duration.ofSeconds(10))).isEmpty();
        assertThat(feed.next(Duration.ofSeconds(10))).isEqualTo("{\"hash\": \"h\"}");
        assertThat(feed.next(Duration.ofSeconds(10))).isNull();
        assertThat(feed.next(Duration.ofSeconds(10))).as("the end, again").isNull();
    }

    @Test
    void aNodeThatSendsNothingIsToldBySilence() throws Exception {
        PipedOutputStream node = new PipedOutputStream();
        WatchLines feed = new WatchLines(new BufferedReader(new InputStreamReader(new PipedInputStream(node),
                StandardCharsets.UTF_8)));
        node.write("{\"watching\": \"/orbitdb/x\"}\n".getBytes(StandardCharsets.UTF_8));
        node.flush();
        assertThat(feed.next(Duration.ofSeconds(10))).isEqualTo("{\"watching\": \"/orbitdb/x\"}");
        assertThatThrownBy(() -> feed.next(Duration.ofMillis(200))).isInstanceOf(TimeoutException.class);
        node.close();
    }
}
