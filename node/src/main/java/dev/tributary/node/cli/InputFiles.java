package dev.tributary.node.cli;

import java.nio.file.Files;
import java.nio.file.Path;

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
        if (why != null) {
            throw new IllegalArgumentException("cannot read " + file + ": " + why);
        }
    }
}
