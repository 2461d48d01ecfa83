package dev.tributary.node.records;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.records.FeedCursor;
import dev.tributary.records.KeyRange;
import dev.tributary.records.Payload;
import dev.tributary.records.Record;
import dev.tributary.records.RecordCollection;
import dev.tributary.records.SourcePass;
import dev.tributary.records.SyncState;
import dev.tributary.records.TargetApplier;
import dev.tributary.records.verify.Difference;
import dev.tributary.records.verify.VerifyPass;
import dev.tributary.records.verify.VerifyReport;
import dev.tributary.records.verify.VerifySide;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The verify pass over the embedded SQLite store: a record edited and one removed in the store's own table by
 * another program (no new sync state, no digest change, no tombstone) are found exactly, and the repair leaves both
 * stores holding the same rows.
 */
class SqliteVerifyTest {
    private static final String S = "urn:s";
    private static final String T = "urn:t";

    @TempDir
    Path dir;

    @Test
    void recordsChangedInTheStoresOwnTableAreFoundAndRepaired() throws Exception {
        try (SqliteRecordStore source = SqliteRecordStore.open(dir.resolve("s.db"), "items", S, 1);
             SqliteRecordStore target = SqliteRecordStore.open(dir.resolve("t.db"), "items", T, 2)) {
            RecordCollection from = new RecordCollection(source, Clock.systemUTC());
            RecordCollection to = new RecordCollection(target, Clock.systemUTC());
            List<Record> rows = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                rows.add(Record.live(String.format("i%05d", i), SyncState.of(S, i, null),
                        Payload.of("item", Map.of("n", Integer.toString(i)))));
            }
            source.commit(rows, source.digest().afterChange(SyncState.of(S, 1999, null), 1, null));
            pass(from, to);
            assertThat(target.size()).isEqualTo(2000);

            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("t.db"));
                 Statement st = c.createStatement()) {
                st.executeUpdate("UPDATE tributary_record SET properties = '{\"n\":\"edited\"}' WHERE uuid = 'i00777'");
                st.executeUpdate("DELETE FROM tributary_record WHERE uuid = 'i01500'");
            }
            VerifyReport report = new VerifyPass(VerifySide.local(source), VerifySide.local(target), 8, 16).run();

            assertThat(report.differences()).containsExactly(new Difference("i00777", Difference.Kind.CHANGED),
                    new Difference("i01500", Difference.Kind.MISSING_ON_TARGET));
            from.reissue(report.keys());
            assertThat(pass(from, to)).isEqualTo(2);
            assertThat(content(target)).isEqualTo(content(source));
        }
    }

    private static int pass(RecordCollection source, RecordCollection target) {
        SourcePass pass = source.startPass(target.digest());
        int sent = 0;
        FeedCursor cursor = FeedCursor.START;
        while (cursor != null) {
            SourcePass.Page page = pass.page(cursor, 500);
            sent += page.page().entries().size();
            assertThat(target.apply(page.page())).isInstanceOf(TargetApplier.Processed.class);
            cursor = page.next();
        }
        return sent;
    }

    private static Map<String, Payload> content(SqliteRecordStore store) {
        Map<String, Payload> out = new TreeMap<>();
        store.scanLive(KeyRange.ALL, (k, p) -> out.put(k, p) == null);
        return out;
    }
}
