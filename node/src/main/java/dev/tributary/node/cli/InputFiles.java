package dev.tributary.node.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;

/** Checks of the files a command reads, so that a file that cannot be read is named with the reason. */
final class InputFiles {
    private InputFiles() {
    }

    /**
     * Checks that {@code file} is a regular file this process may read.
     *
     * @throws IllegalArgumentException {@code cannot read FILE: REASON} otherwise
     */
    static void requireReadable(Path file) {
        String why = whyUnreadable(file);
        if (why != null) {
            throw new IllegalArgumentException("cannot read " + file + ": " + why);
        }
    }

    /**
     * Checks that {@code file}, named by one of {@code spec}'s options, is a regular file this process may read: a
     * usage error otherwise (exit code 2, as an option's bad value), for the user named it.
     *
     * @throws CommandLine.ParameterException {@code cannot read FILE: REASON} otherwise
     */
    static void requireReadable(CommandLine.Model.CommandSpec spec, Path file) {
        String why = whyUnreadable(file);
        if (why != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "cannot read " + file + ": " + why);
        }
    }

    private static String whyUnreadable(Path file) {
        String why = null;
        if (!Files.exists(file)) {
            why = "no such file or directory";
        } else if (Files.isDirectory(file)) {
            why = "it is a directory";
        } else if (!Files.isRegularFile(file)) {
            why = "not a regular file";
        } else if (!Files.isReadable(file)) {
            why = "permission denied";
        }
        return why;
    }
}
