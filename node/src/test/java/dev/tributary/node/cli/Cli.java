package dev.tributary.node.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

/** Runs {@code tributary} in this JVM and keeps what it printed to its standard output and error. */
public final class Cli {
    private Cli() {
    }

    /** What a command printed, line by line, and its exit code. */
    public record Result(int exitCode, List<String> out, List<String> err) {
        /** The last line of standard output, or "" when there is none. */
        public String lastOut() {
            return out.isEmpty() ? "" : out.get(out.size() - 1);
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + String.join("\n", out) + "\n--- stderr\n" + String.join("\n", err);
        }
    }

    public static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code;
        try (PrintWriter o = new PrintWriter(out, true); PrintWriter e = new PrintWriter(err, true)) {
            code = TributaryCommand.run(o, e, args);
        }
        return new Result(code, lines(out.toString()), lines(err.toString()));
    }

    /** Runs {@code tributary} with {@code input} as its standard input. */
    public static synchronized Result run(byte[] input, String... args) {
        java.io.InputStream stdin = System.in;
        System.setIn(new java.io.ByteArrayInputStream(input));
        try {
            return run(args);
        } finally {
            System.setIn(stdin);
        }
    }

    static List<String> lines(String s) {
        return s.isEmpty() ? List.of() : s.lines().toList();
    }
}
