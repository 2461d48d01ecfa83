package dev.tributary.node.cli;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import picocli.CommandLine;

/**
 * Parses {@code --datadir}: a path as {@link PathConverter} takes it, which is a directory or does not exist yet. A
 * file there is refused before anything is opened, so a command neither writes beside it nor, failing, takes it
 * back as something it created; so is a path inside a file ({@code notes.txt/data}), which no command could create,
 * naming the file.
 */
final class DatadirConverter implements CommandLine.ITypeConverter<Path> {
    private final PathConverter paths = new PathConverter();

    @Override
    public Path convert(String value) {
        Path dir = paths.convert(value);
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new CommandLine.TypeConversionException(value + " is a file, not a directory");
        }
        if (!Files.exists(dir) && Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new CommandLine.TypeConversionException(value + " is a link to nothing");
        }
        Path file = fileAbove(dir);
        if (file != null) {
            throw new CommandLine.TypeConversionException(value + " cannot be a directory: " + file + " is a file");
        }
        return dir;
    }

    /** The nearest existing path above {@code dir} when it is not a directory (a file), else null. */
    private static Path fileAbove(Path dir) {
        for (Path p = dir.toAbsolutePath().getParent(); p != null; p = p.getParent()) {
            if (Files.exists(p)) {
                return Files.isDirectory(p) ? null : p;
            }
        }
        return null;
    }
}
