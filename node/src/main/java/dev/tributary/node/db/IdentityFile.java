package dev.tributary.node.db;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.node.http.JsonSyntax;
import dev.tributary.oplog.identity.LocalIdentity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The node's database identity, kept in its data directory as {@value #FILE_NAME}, created on first use:
 *
 * <pre>
 *   {"type": "publickey", "id": "&lt;hex public id key&gt;", "idPrivateKey": "&lt;hex&gt;", "signingPrivateKey": "&lt;hex&gt;"}
 * </pre>
 *
 * The two private keys are OrbitDB's (the id key, the signing key): the identity is remade from them, so it is the
 * same one every start, and every database created here names it as its writer. The file is written to a
 * temporary file and moved into place, readable by its owner only where the file system has POSIX permissions.
 * Callers hold the data directory's store open (its lock) while they read or create the file, so two processes
 * never create it at once.
 */
public final class IdentityFile {
    /** The file's name in the data directory. */
    public static final String FILE_NAME = "identity.json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();

    private IdentityFile() {
    }

    /** The identity kept in {@code datadir}, created (with fresh keys from {@code random}) if there is none. */
    public static LocalIdentity loadOrCreate(Path datadir, SecureRandom random) {
        Path file = datadir.resolve(FILE_NAME);
        if (Files.exists(file)) {
            return load(file);
        }
        LocalIdentity identity = LocalIdentity.create("tributary", random);
        write(file, identity);
        return identity;
    }

    /**
     * The identity in {@code file}.
     *
     * @throws IllegalStateException naming the file and what is wrong with it
     */
    public static LocalIdentity load(Path file) {
        try {
            JsonNode n = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
            byte[] id = key(n, "idPrivateKey", file);
            byte[] signing = key(n, "signingPrivateKey", file);
            LocalIdentity identity = LocalIdentity.fromPrivateKeys(id, signing);
            JsonNode stated = n.get("id");
            if (stated != null && !stated.asText().equals(identity.identity().id())) {
                throw new IllegalStateException(file + " is damaged: its keys make identity "
                        + identity.identity().id() + ", not the " + stated.asText() + " it states");
            }
            return identity;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(file + " is not a database identity: not JSON: " + JsonSyntax.describe(e), e);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the database identity " + file + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(file + " is not a database identity: " + e.getMessage(), e);
        }
    }

    private static byte[] key(JsonNode n, String field, Path file) {
        JsonNode v = n == null ? null : n.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("it has no \"" + field + "\"");
        }
        byte[] key = HEX.parseHex(v.textValue());
        if (key.length != 32) {
            throw new IllegalArgumentException("\"" + field + "\" is not a 32-byte key");
        }
        return key;
    }

    private static void write(Path file, LocalIdentity identity) {
        ObjectNode n = JSON.createObjectNode();
        n.put("type", identity.identity().type());
        n.put("id", identity.identity().id());
        n.put("idPrivateKey", HEX.formatHex(identity.idPrivateKey()));
        n.put("signingPrivateKey", HEX.formatHex(identity.signingPrivateKey()));
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(FILE_NAME + ".tmp");
            Files.deleteIfExists(tmp);
            try {
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(tmp);
            }
            Files.writeString(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(n) + "\n");
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the database identity " + file, e);
        }
    }
}
