package dev.tributary.node.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.records.Digest;
import dev.tributary.records.FeedCursor;
import dev.tributary.records.InMemoryRecordStore;
import dev.tributary.records.Payload;
import dev.tributary.records.RecordCollection;
import dev.tributary.records.RecordStore;
import dev.tributary.records.RecordStoreContract;
import dev.tributary.records.SourcePass;
import dev.tributary.records.TargetApplier;
import dev.tributary.store.StoreException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SQLite store keeps the {@link RecordStore} contract, survives a reopen, and takes part in passes. */
class SqliteRecordStoreTest extends RecordStoreContract {
    @TempDir
    Path dir;
    private int files;

    @Override
    protected RecordStore open(String endpoint, int priority) {
        return SqliteRecordStore.open(dir.resolve("s" + files++ + ".db"), "items", endpoint, priority);
    }

    @Test
    void recordsAndDigestSurviveAReopen() {
        Path file = dir.resolve("reopen.db");
        Digest digest;
        try (SqliteRecordStore s = SqliteRecordStore.open(file, "accounts", "urn:a", 2)) {
            RecordCollection c = new RecordCollection(s, Clock.systemUTC());
            c.put("x", Payload.of("account", Map.of("name", "X")));
            c.delete("y");
            digest = c.digest();
        }
        try (SqliteRecordStore s = SqliteRecordStore.open(file, "accounts", "urn:a", 5)) {
            assertThat(s.digest()).isEqualTo(digest);
            assertThat(s.digest().tick("urn:a")).isEqualTo(2);
            assertThat(s.get("x").orElseThrow().payload()).isEqualTo(Payload.of("account", Map.of("name", "X")));
            assertThat(s.get("y").orElseThrow().deleted()).isTrue();
        }
    }

    @Test
    void aFileHoldingTheCollectionAsAnotherEndpointIsRefusedNamingBoth() {
        Path file = dir.resolve("other.db");
        SqliteRecordStore.open(file, "accounts", "urn:a", 2).close();
        assertThatThrownBy(() -> SqliteRecordStore.open(file, "accounts", "urn:b", 2))
                .isInstanceOf(StoreException.class).hasMessageContaining("as endpoint urn:a, not urn:b");
    }

    @Test
    void aPassFromMemoryToSqliteAndBackConverges() {
        RecordCollection mem = new RecordCollection(new InMemoryRecordStore("urn:m", 1), Clock.systemUTC());
        try (SqliteRecordStore s = SqliteRecordStore.open(dir.resolve("pass.db"), "items", "urn:s", 2)) {
            RecordCollection sql = new RecordCollection(s, Clock.systemUTC());
            for (int i = 0; i < 250; i++) {
                mem.put("m" + i, Payload.of("item", Map.of("n", "" + i)));
            }
            sql.put("s0", Payload.of("item", Map.of("n", "s")));
            pass(mem, sql);
            pass(sql, mem);
            assertThat(sql.digest().sameTicks(mem.digest())).isTrue();
            assertThat(s.size()).isEqualTo(251);
            assertThat(sql.get("m249")).isEqualTo(mem.get("m249"));
            assertThat(mem.get("s0")).isEqualTo(sql.get("s0"));
        }
    }

    private static void pass(RecordCollection from, RecordCollection to) {
        SourcePass pass = from.startPass(to.digest());
        FeedCursor cursor = FeedCursor.START;
        while (cursor != null) {
            SourcePass.Page page = pass.page(cursor, 100);
            assertThat(to.apply(page.page())).isInstanceOf(TargetApplier.Processed.class);
            cursor = page.next();
        }
    }
}
