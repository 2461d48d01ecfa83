package dev.tributary.node.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * {@code tributary} in a separate JVM (this JVM's class path, {@link TributaryCommand} as main class), as
 * a person or a script runs it: its exit code, its standard output and standard error read line by line
 * (each by its own thread, so neither pipe fills). Tests wait on what the child prints, not on the clock.
 */
public final class ChildCli implements AutoCloseable {
    /**
     * The date and time a log line (logback.xml's pattern) and a command's own timed line start with, as a regular
     * expression: {@code yyyy-MM-dd HH:mm:ss}.
     */
    public static final String LINE_TIME = "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d";

    private final Process process;
    private final List<String> out = Collections.synchronizedList(new ArrayList<>());
    private final List<String> err = Collections.synchronizedList(new ArrayList<>());
    private final Thread outReader;
    private final Thread errReader;

    private ChildCli(Process process) {
        this.process = process;
        this.outReader = drain(process.getInputStream(), out, "child-stdout");
        this.errReader = drain(process.getErrorStream(), err, "child-stderr");
    }

    /** Starts {@code tributary args...}. */
    public static ChildCli start(String... args) {
        return start(Map.of(), args);
    }

    /** Starts {@code tributary args...} with {@code env} added to its environment (such as TRIBUTARY_LOG_LEVEL). */
    public static ChildCli start(Map<String, String> env, String... args) {
        return start(List.of("-Xmx512m"), env, args);
    }

    /** Starts {@code tributary args...} in a JVM given {@code jvmArgs} (such as {@code -Xmx2g}). */
    public static ChildCli start(List<String> jvmArgs, Map<String, String> env, String... args) {
        return startMain(jvmArgs, env, TributaryCommand.class, args);
    }

    /**
     * Starts {@code mainClass} (such as a test's own child program) in a JVM given {@code jvmArgs}, with this JVM's
     * class path and {@code env} added to its environment; its output is read as {@link #start}'s is.
     */
    public static ChildCli startMain(List<String> jvmArgs, Map<String, String> env, Class<?> mainClass,
            String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        command.addAll(List.of(args));
        return exec(new ProcessBuilder(command), env);
    }

    /**
     * Starts {@code command} (such as {@code bash -c "./tributary ..."}) in {@code workingDir}, as a person runs
     * it from there, with {@code env} added to its environment; its output is read as {@link #start}'s is.
     */
    public static ChildCli startProcess(List<String> command, Path workingDir, Map<String, String> env) {
        return exec(new ProcessBuilder(command).directory(workingDir.toFile()), env);
    }

    private static ChildCli exec(ProcessBuilder pb, Map<String, String> env) {
        pb.environment().remove("TRIBUTARY_DEBUG");
        pb.environment().remove("TRIBUTARY_LOG_LEVEL");
        pb.environment().putAll(env);
        try {
            return new ChildCli(pb.start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code tributary args...} to its end (at most {@code timeout}) and returns what it printed. */
    public static Cli.Result run(Duration timeout, String... args) throws InterruptedException {
        try (ChildCli child = start(args)) {
            int code = child.waitFor(timeout);
            return new Cli.Result(code, child.out(), child.err());
        }
    }

    private static Thread drain(InputStream stream, List<String> lines, String name) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (lines) {
                        lines.add(line);
                        lines.notifyAll();
                    }
                }
            } catch (IOException e) {
                // the child was killed; what was read stays
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /**
     * Waits until a line of standard error matches and returns it; fails with everything the child
     * printed if it exits first or {@code timeout} passes.
     */
    public String awaitErrLine(Predicate<String> wanted, Duration timeout) throws InterruptedException {
        return awaitLine(err, errReader, wanted, timeout);
    }

    /** {@link #awaitErrLine}, for a line of standard output. */
    public String awaitOutLine(Predicate<String> wanted, Duration timeout) throws InterruptedException {
        return awaitLine(out, outReader, wanted, timeout);
    }

    private String awaitLine(List<String> lines, Thread reader, Predicate<String> wanted, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int seen = 0;
        synchronized (lines) {
            while (true) {
                for (; seen < lines.size(); seen++) {
                    if (wanted.test(lines.get(seen))) {
                        return lines.get(seen);
                    }
                }
                long left = deadline - System.nanoTime();
                if (!process.isAlive() && !reader.isAlive()) {
                    throw new AssertionError("the child exited (" + process.exitValue()
                            + ") before the expected line\n" + transcript());
                }
                if (left <= 0) {
                    throw new AssertionError("no expected line within " + timeout + "\n" + transcript());
                }
                lines.wait(Math.min(TimeUnit.NANOSECONDS.toMillis(left) + 1, 200));
            }
        }
    }

    /** Waits for the child to exit and for its output to be read; fails (killing it) after {@code timeout}. */
    public int waitFor(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("the child did not exit within " + timeout + "\n" + transcript());
        }
        outReader.join(10_000);
        errReader.join(10_000);
        return process.exitValue();
    }

    /** SIGKILL, to the child and what it started: it gets no chance to flush or close anything. */
    public void kill() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor();
        outReader.join(10_000);
        errReader.join(10_000);
    }

    /** SIGINT, as Ctrl-C in a terminal sends: the child's shutdown hooks run. */
    public void interrupt() throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new AssertionError("kill -INT " + process.pid() + " failed");
        }
    }

    /** The child's process id (for {@code jcmd}, {@code /proc}). */
    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public List<String> out() {
        synchronized (out) {
            return List.copyOf(out);
        }
    }

    public List<String> err() {
        synchronized (err) {
            return List.copyOf(err);
        }
    }

    public String transcript() {
        return "--- stdout\n" + String.join("\n", out()) + "\n--- stderr\n" + String.join("\n", err());
    }

    /** Kills the child if it still runs; an interrupt while waiting for it is kept for the caller to see. */
    @Override
    public void close() {
        if (process.isAlive()) {
            try {
                kill();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
