package dev.tributary.node.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;

/**
 * The node's HTTP token in its data directory, as bitcoind's {@code .cookie}: {@code DATADIR/.cookie}, one line of
 * 64 hex digits (32 random bytes), readable by its owner only (mode 0600). A node writes a new one each time it
 * starts serving HTTP and deletes it when it stops; the command line and scripts read it
 * ({@code curl -H "Authorization: Bearer $(cat DATADIR/.cookie)" ...}).
 */
public final class CookieFile {
    /** The file's name in the data directory. */
    public static final String NAME = ".cookie";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private CookieFile() {
    }

    /** Where the cookie of the node kept in {@code datadir} is. */
    public static Path of(Path datadir) {
        return datadir.resolve(NAME);
    }

    /**
     * Writes a new random token to {@code DATADIR/.cookie} (mode 0600, replacing an old one) and returns it.
     *
     * @throws UncheckedIOException naming the file when it cannot be written
     */
    public static String create(Path datadir, SecureRandom random) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = HexFormat.of().formatHex(bytes);
        Path file = of(datadir);
        Path tmp = datadir.resolve(NAME + ".tmp");
        try {
            Files.createDirectories(datadir);
            Files.deleteIfExists(tmp);
            try {
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } catch (UnsupportedOperationException notPosix) {
                Files.createFile(tmp);
            } catch (FileAlreadyExistsException e) {
                throw new IOException("another process is writing it", e);
            }
            Files.writeString(tmp, token + "\n", StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the HTTP token file " + file + ": " + e.getMessage(), e);
        }
        return token;
    }

    /**
     * The token in {@code DATADIR/.cookie}.
     *
     * @throws UncheckedIOException saying the node is not serving HTTP when there is no such file
     */
    public static String read(Path datadir) {
        Path file = of(datadir);
        try {
            String token = Files.readString(file, StandardCharsets.US_ASCII).strip();
            if (!token.matches("[0-9a-f]{64}")) {
                throw new IOException("it does not hold a token (64 hex digits)");
            }
            return token;
        } catch (NoSuchFileException e) {
            throw new UncheckedIOException("no HTTP token file " + file + ": is the node of " + datadir
                    + " running with --http?", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the HTTP token file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Deletes the cookie of {@code datadir}, if any (the node stopped serving). */
    public static void delete(Path datadir) {
        try {
            Files.deleteIfExists(of(datadir));
        } catch (IOException e) {
            // a stale cookie is replaced at the next start
        }
    }
}
