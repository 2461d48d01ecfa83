package dev.tributary.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.node.Node;
import dev.tributary.store.RocksDbKeyValueStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data directory whose chain store has format 1 (headers keyed by hash, before format 2 keyed them by height) is
 * refused in one error line that says what to do, and is left as it was: never read as format 2.
 */
class ChainStoreFormatIT {
    @TempDir
    Path dir;

    @Test
    void aFormatOneChainStoreIsOneErrorLineSayingWhatToDo() {
        String datadir = dir.resolve("old").toString();
        assertThat(Cli.run("mine", "--network", "regtest", "--datadir", datadir, "--blocks", "1").exitCode()).isZero();
        byte[] versionKey = "mversion".getBytes(StandardCharsets.US_ASCII);
        try (var kv = RocksDbKeyValueStore.openKeyspace(Node.storeDirectory(Path.of(datadir)),
                RocksDbKeyValueStore.Config.defaults(), "regtest")) {
            kv.put(versionKey, new byte[] {0, 0, 0, 1});
        }

        Cli.Result r = Cli.run("status", "--network", "regtest", "--datadir", datadir);

        assertThat(r.exitCode()).as("%s", r).isEqualTo(1);
        assertThat(r.err()).as("%s", r).singleElement().asString()
                .startsWith("error: ")
                .contains("holds a chain store of format 1, written by an earlier version of Tributary")
                .contains("Sync again into a new data directory")
                .doesNotContain("Exception");
        try (var kv = RocksDbKeyValueStore.openKeyspace(Node.storeDirectory(Path.of(datadir)),
                RocksDbKeyValueStore.Config.defaults(), "regtest")) {
            assertThat(kv.get(versionKey)).hasValueSatisfying(v -> assertThat(v).containsExactly(0, 0, 0, 1));
        }
    }
}
