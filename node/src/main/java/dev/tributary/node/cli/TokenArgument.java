package dev.tributary.node.cli;

import dev.tributary.node.http.CookieFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A token option's value ({@code --token}, {@code --source-token}, ...): the token itself, or {@code @PATH} to read
 * it where a node keeps it, as {@code bitcoin-cli} reads bitcoind's cookie: {@code @DIR}, a node's data directory,
 * is the token the node wrote to {@code DIR/.cookie} when it started serving HTTP; {@code @FILE} is the first line
 * of that file.
 */
final class TokenArgument {
    private TokenArgument() {
    }

    /**
     * The token {@code value} of option {@code option} gives; null for null.
     *
     * @throws IllegalArgumentException naming the option and the path when {@code @PATH} cannot be read, or the
     *     option when its value is empty
     */
    static String resolve(String value, String option) {
        if (value != null && value.isBlank()) {
            // "$(cat DIR/.cookie)" of a node that is not running: it deletes its .cookie when it stops
            throw new IllegalArgumentException(option + " is empty (a $(cat DIR/.cookie) of a node that is not running?"
                    + " a node writes its .cookie when it starts serving HTTP and deletes it when it stops); give the"
                    + " token, or " + option + " @DIR to read it from the node's data directory DIR");
        }
        if (value == null || !value.startsWith("@")) {
            return value;
        }
        if (value.substring(1).isBlank()) {
            throw new IllegalArgumentException(option + " " + value + ": no path after @ (give " + option + " @DIR, DIR"
                    + " the node's data directory, or " + option + " @FILE, a file with the token on its first line)");
        }
        Path path = Path.of(value.substring(1));
        try {
            if (Files.isDirectory(path)) {
                return CookieFile.read(path);
            }
            String token = Files.readString(path, StandardCharsets.UTF_8).lines().findFirst().orElse("").strip();
            if (token.isEmpty()) {
                throw new IllegalArgumentException(option + " " + value + ": the file " + path + " is empty");
            }
            return token;
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(option + " " + value + ": no file or directory " + path
                    + " (a node's data directory, or its .cookie file)");
        } catch (AccessDeniedException e) {
            throw new IllegalArgumentException(option + " " + value + ": cannot read " + path + ": permission denied");
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IllegalArgumentException(option + " " + value + ": the file " + path + " is not text, so it holds"
                    + " no token (give a node's data directory, or a file with the token on its first line)");
        } catch (UncheckedIOException e) {
            throw new IllegalArgumentException(option + " " + value + ": " + e.getMessage());
        } catch (IOException e) {
            throw new IllegalArgumentException(option + " " + value + ": cannot read " + path);
        }
    }
}
