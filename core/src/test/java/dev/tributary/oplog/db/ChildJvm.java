package dev.tributary.oplog.db;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A separate JVM running a test main class with this JVM's class path and the given JVM options, its output read
 * line by line, so that a test waits on what the child reports rather than on the clock.
 */
final class ChildJvm implements AutoCloseable {
    private final Process process;
    private final BufferedReader output;
    private final List<String> transcript = new ArrayList<>();

    private ChildJvm(Process process) {
        this.process = process;
        this.output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    static ChildJvm start(List<String> jvmOptions, Class<?> mainClass, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        command.addAll(List.of(args));
        try {
            return new ChildJvm(new ProcessBuilder(command).redirectErrorStream(true).start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads lines until one matches and returns it; fails with the child's output if it ends first. */
    String awaitLine(Predicate<String> wanted) throws IOException {
        String line;
        while ((line = output.readLine()) != null) {
            transcript.add(line);
            if (wanted.test(line)) {
                return line;
            }
        }
        throw new AssertionError("child exited (" + (process.isAlive() ? "still running" : "exit code "
                + process.exitValue()) + ") before the expected line; it printed:\n" + String.join("\n", transcript));
    }

    /** Reads the rest of the output and waits for the exit code. */
    int awaitExit() throws IOException, InterruptedException {
        String line;
        while ((line = output.readLine()) != null) {
            transcript.add(line);
        }
        return process.waitFor();
    }

    /** SIGKILL on Unix: the child gets no chance to flush or close anything. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    List<String> transcript() {
        return transcript;
    }

    @Override
    public void close() throws IOException {
        process.destroyForcibly();
        output.close();
    }
}
