package dev.tributary.node.cli;

import dev.tributary.store.StoreException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;

/**
 * A node's record endpoint URI, kept in its data directory: {@code DATADIR/records-endpoint}, one line
 * {@code urn:uuid:<random UUID>}, made the first time a node serves record collections without
 * {@code --records-endpoint}. A collection's endpoint is that URI, {@code /}, its name. An endpoint names a replica
 * in every digest and sync state, so it must stay the same for the life of the data: the file is written once
 * (atomically) and only read after.
 */
final class RecordsEndpointFile {
    /** The file's name in the data directory. */
    static final String NAME = "records-endpoint";

    private RecordsEndpointFile() {
    }

    /**
     * The endpoint URI kept in {@code datadir}, made and written first when there is none.
     *
     * @throws StoreException naming the file when it cannot be read or written, or holds no URI
     */
    static String readOrCreate(Path datadir) {
        Path file = datadir.resolve(NAME);
        try {
            if (Files.exists(file)) {
                String uri = Files.readString(file, StandardCharsets.UTF_8).strip();
                if (uri.isEmpty() || uri.contains("\n") || !uri.contains(":")) {
                    throw new StoreException(file + " does not hold an endpoint URI (one line, such as"
                            + " urn:uuid:...); restore it, or give --records-endpoint");
                }
                return uri;
            }
            Files.createDirectories(datadir);
            String uri = "urn:uuid:" + UUID.randomUUID();
            Path tmp = datadir.resolve(NAME + ".tmp");
            Files.writeString(tmp, uri + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            return uri;
        } catch (IOException e) {
            throw new StoreException("cannot use " + file + ": " + UserErrors.describe(e), e);
        }
    }
}
