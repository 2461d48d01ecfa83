package dev.tributary.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.store.KeyValueStore;
import dev.tributary.store.StoreException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenStoreTest {
    @TempDir
    Path tmp;

    @Test
    void aDataDirectoryInUseIsNamedAsTheUserGaveIt() {
        Path datadir = tmp.resolve("node");
        try (KeyValueStore held = Node.openStore(StoreKind.ROCKSDB, datadir)) {
            assertThatThrownBy(() -> Node.openStore(StoreKind.ROCKSDB, datadir))
                    .isInstanceOf(StoreException.class)
                    .hasMessageStartingWith("datadir " + datadir + " is in use: a running node or another command"
                            + " holds its store (" + datadir.resolve("store").resolve("LOCK") + ")")
                    .matches(e -> ((StoreException) e).isInUse(), "says the store is in use");
        }
    }
}
