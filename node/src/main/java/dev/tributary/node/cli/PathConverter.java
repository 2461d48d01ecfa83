package dev.tributary.node.cli;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import picocli.CommandLine;

/**
 * Parses a file or directory option. An empty value is refused: Java reads it as the current directory, so
 * {@code --datadir ""} (an unset shell variable) would write a store where the command was run.
 */
final class PathConverter implements CommandLine.ITypeConverter<Path> {
    @Override
    public Path convert(String value) {
        if (value.isBlank()) {
            throw new CommandLine.TypeConversionException("the path is empty");
        }
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a path: " + e.getReason());
        }
    }
}
