package dev.tributary.node.cli;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import picocli.CommandLine;

/**
 * Parses {@code --datadir}: a path as {@link PathConverter} takes it, which is a directory or does not exist yet. A
 * file there is refused before anything is opened, so a command neither writes beside it nor, failing, takes it
 * back as something it created.
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
        return dir;
    }
}
