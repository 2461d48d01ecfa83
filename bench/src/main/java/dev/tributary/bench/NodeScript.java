package dev.tributary.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One of {@code interop/orbitdb}'s bench scripts run on the Node.js that {@code interop/orbitdb/install.sh} installs
 * ({@code node_modules/.bin/node}), its last standard-output line read as JSON. When OrbitDB is not installed, the
 * script fails or runs out of time, the result is empty and the reason, in a user's words, is in {@code why}.
 */
public final class NodeScript {
    private NodeScript() {
    }

    /** Whether OrbitDB 4 and its Node.js are installed in {@code orbitdb}; if not, says so in {@code why}. */
    public static boolean installed(Path orbitdb, StringBuilder why) {
        if (Files.isExecutable(orbitdb.resolve("node_modules/.bin/node"))
                && Files.exists(orbitdb.resolve("node_modules/@orbitdb/core/package.json"))) {
            return true;
        }
        why.append("Node.js and OrbitDB are not installed in ").append(orbitdb)
                .append(" (run interop/orbitdb/install.sh, which needs npm)");
        return false;
    }

    /**
     * Runs {@code node script args...} in {@code orbitdb} (standard error passed through), waits at most
     * {@code timeoutSeconds} and returns its last output line as JSON.
     */
    public static Optional<JsonNode> run(Path orbitdb, String script, List<String> args, long timeoutSeconds,
            StringBuilder why) throws IOException, InterruptedException {
        if (!installed(orbitdb, why)) {
            return Optional.empty();
        }
        List<String> command = new ArrayList<>();
        command.add(orbitdb.resolve("node_modules/.bin/node").toAbsolutePath().toString());
        command.add(script);
        command.addAll(args);
        Path out = Files.createTempFile("orbitdb-bench", ".json");
        try {
            Process p = new ProcessBuilder(command).directory(orbitdb.toFile()).redirectOutput(out.toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                why.append("OrbitDB's ").append(script).append(" did not finish in ").append(timeoutSeconds)
                        .append(" s");
                return Optional.empty();
            }
            if (p.exitValue() != 0) {
                why.append("OrbitDB's ").append(script).append(" failed (exit code ").append(p.exitValue())
                        .append(", its message is above)");
                return Optional.empty();
            }
            List<String> lines = Files.readAllLines(out);
            if (lines.isEmpty()) {
                why.append("OrbitDB's ").append(script).append(" printed nothing");
                return Optional.empty();
            }
            return Optional.of(new ObjectMapper().readTree(lines.get(lines.size() - 1)));
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
