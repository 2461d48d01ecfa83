package dev.tributary.node.readme;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes an example's commands safe to run on a shared machine: each {@code 127.0.0.1:PORT} gets a free port of
 * its own (the same one wherever the example names that port), except the database servers' (PostgreSQL's 5432,
 * MariaDB's 3306), and each {@code /tmp/NAME} a directory under the test's own temporary directory. One instance
 * per example.
 */
final class ReadmeRewrite {
    private static final Pattern LOOPBACK_PORT = Pattern.compile("127\\.0\\.0\\.1:(\\d+)");
    private static final Pattern TMP_PATH = Pattern.compile("(?<![\\w/.])/tmp/([\\w.-]+)");

    /** Ports of servers the machine runs, which an example reaches where they are. */
    private static final java.util.Set<String> SERVER_PORTS = java.util.Set.of("5432", "3306");

    private final Path tmp;
    private final Map<String, Integer> ports = new HashMap<>();

    ReadmeRewrite(Path tmp) {
        this.tmp = tmp;
    }

    String apply(String command) {
        Matcher m = LOOPBACK_PORT.matcher(command);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            if (SERVER_PORTS.contains(m.group(1))) {
                m.appendReplacement(out, Matcher.quoteReplacement(m.group()));
                continue;
            }
            int port = ports.computeIfAbsent(m.group(1), p -> freePort());
            m.appendReplacement(out, Matcher.quoteReplacement("127.0.0.1:" + port));
        }
        m.appendTail(out);
        Matcher t = TMP_PATH.matcher(out.toString());
        StringBuilder done = new StringBuilder();
        while (t.find()) {
            t.appendReplacement(done, Matcher.quoteReplacement(tmp.resolve(t.group(1)).toString()));
        }
        t.appendTail(done);
        return done.toString();
    }

    /** A port the system just handed out as free (bound to port 0, then released). */
    private static int freePort() {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
