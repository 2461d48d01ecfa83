package dev.tributary.node.records;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.node.cli.ChildCli;
import dev.tributary.node.cli.Cli;
import dev.tributary.records.InMemoryRecordStore;
import dev.tributary.records.Payload;
import dev.tributary.records.RecordCollection;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The progress of {@code tributary records sync} when rows changed more than once since the target last synced: the
 * bar's total is the ticks between the digests (one per change), but the pass sends each row once; the bar's last
 * line says what was sent, at 100%, not a pass that stopped at a third of its total.
 */
class RecordsSyncProgressIT {
    @TempDir
    Path dir;

    @Test
    void theBarOfAPassThatSentFewerEntriesThanItsTicksEndsAtAHundredPercent() throws Exception {
        try (RecordNodes nodes = new RecordNodes(dir)) {
            RecordCollection a = new RecordCollection(new InMemoryRecordStore("urn:a", 1), Clock.systemUTC());
            RecordCollection b = new RecordCollection(new InMemoryRecordStore("urn:b", 2), Clock.systemUTC());
            for (int i = 0; i < 5; i++) {
                a.put("x", Payload.of("account", Map.of("name", "edit " + i))); // five ticks, one entry
            }
            a.put("y", Payload.of("account", Map.of("name", "once")));
            RecordsConfig config = new RecordsConfig("tok", 10, 1 << 20, 8);
            URI ua = nodes.serve("a", "accounts", a, config);
            URI ub = nodes.serve("b", "accounts", b, config);

            Cli.Result r = ChildCli.run(Duration.ofSeconds(60), "records", "sync", "--source", ua.toString(),
                    "--target", ub.toString(), "--token", "tok");
            assertThat(r.exitCode()).as("%s", r).isZero();
            assertThat(r.lastOut()).as("%s", r).startsWith("records sync: passes=1 pages=1 entries=2 applied=2");
            assertThat(r.err().get(r.err().size() - 1)).as("%s", r).contains(": 2/2 entries (100%) after ");
        }
    }
}
