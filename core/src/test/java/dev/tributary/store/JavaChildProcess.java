package dev.tributary.store;

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
 * A separate JVM running a test main class with this JVM's class path, its stdout and stderr merged
 * and read line by line, so that a test waits on what the child reports rather than on the clock.
 */
final class JavaChildProcess implements AutoCloseable {
    private final Process process;
    private final BufferedReader output;
    private final List<String> transcript = new ArrayList<>();

    private JavaChildProcess(Process process) {
        this.process = process;
        this.output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    static JavaChildProcess start(Class<?> mainClass, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        command.addAll(List.of(args));
        try {
            return new JavaChildProcess(new ProcessBuilder(command).redirectErrorStream(true).start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads lines until one matches and returns it; fails, with everything the child printed, if its
     * output ends first.
     */
    String awaitLine(Predicate<String> wanted) throws IOException {
        String line;
        while ((line = output.readLine()) != null) {
            transcript.add(line);
            if (wanted.test(line)) {
                return line;
            }
        }
        throw new AssertionError("child exited (" + exitCodeOrRunning() + ") before the expected line; it printed:\n"
                + String.join("\n", transcript));
    }

    /** SIGKILL on Unix: the child gets no chance to flush or close anything. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** Closes the child's stdin, which the "hold" mode takes as its cue to close the store and exit. */
    int closeInputAndWait() throws IOException, InterruptedException {
        process.getOutputStream().close();
        return process.waitFor();
    }

    List<String> transcript() {
        return transcript;
    }

    private String exitCodeOrRunning() {
        return process.isAlive() ? "still running" : "exit code " + process.exitValue();
    }

    @Override
    public void close() throws IOException {
        process.destroyForcibly();
        output.close();
    }
}
