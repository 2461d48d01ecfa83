package dev.tributary.node.records;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.node.cli.ChildCli;
import dev.tributary.records.InMemoryRecordStore;
import dev.tributary.records.Payload;
import dev.tributary.records.RecordCollection;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tributary records sync} stopped by Ctrl-C with its standard error in a file: the last progress line before
 * the "interrupted" notice says where the pass stood when it stopped ({@code ... ended after N s} or the count then),
 * not the line of the last tenth crossed, which may be far behind; in live mode, a last line says it stopped and what
 * its syncs had applied.
 */
class RecordsSyncInterruptIT {
    @TempDir
    Path dir;

    @Test
    void theLastProgressLineBeforeTheNoticeSaysWhereThePassStopped() throws Exception {
        try (RecordNodes nodes = new RecordNodes(dir)) {
            RecordCollection a = new RecordCollection(new InMemoryRecordStore("urn:a", 1), Clock.systemUTC());
            RecordCollection b = new RecordCollection(new InMemoryRecordStore("urn:b", 2), Clock.systemUTC());
            for (int i = 0; i < 200_000; i++) {
                a.put("r" + i, Payload.of("account", Map.of("name", "row " + i)));
            }
            RecordsConfig config = new RecordsConfig("tok", 10, 1 << 20, 8);
            URI ua = nodes.serve("a", "accounts", a, config);
            URI ub = nodes.serve("b", "accounts", b, config);
            try (ChildCli sync = ChildCli.start("records", "sync", "--source", ua.toString(), "--target",
                    ub.toString(), "--token", "tok")) {
                sync.awaitErrLine(l -> l.contains("/200000 entries (0%)"), Duration.ofSeconds(60));
                sync.interrupt();
                sync.waitFor(Duration.ofSeconds(30));
                List<String> err = sync.err();
                int notice = err.indexOf("records sync: interrupted; what was applied stays applied: run the same"
                        + " command again to resume where it stopped");
                assertThat(notice).as(sync.transcript()).isPositive();
                assertThat(err.get(notice - 1)).as(sync.transcript()).contains(" after ");
            }
        }
    }

    /** Live mode used to end without a word on Ctrl-C: exit code 130 and nothing after its start line. */
    @Test
    void liveModeStoppedSaysSoAndWhatItsSyncsApplied() throws Exception {
        try (RecordNodes nodes = new RecordNodes(dir)) {
            RecordCollection a = new RecordCollection(new InMemoryRecordStore("urn:a", 1), Clock.systemUTC());
            RecordCollection b = new RecordCollection(new InMemoryRecordStore("urn:b", 2), Clock.systemUTC());
            a.put("r1", Payload.of("account", Map.of("name", "one")));
            a.put("r2", Payload.of("account", Map.of("name", "two")));
            RecordsConfig config = new RecordsConfig("tok", 10, 1 << 20, 8);
            URI ua = nodes.serve("a", "accounts", a, config);
            URI ub = nodes.serve("b", "accounts", b, config);
            try (ChildCli sync = ChildCli.start("records", "sync", "--live", "--source", ua.toString(), "--target",
                    ub.toString(), "--token", "tok")) {
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (sync.out().stream().noneMatch(l -> l.contains(" applied=2 "))) {
                    assertThat(System.nanoTime()).as(sync.transcript()).isLessThan(deadline);
                    Thread.sleep(50); // polling the condition
                }
                sync.interrupt();
                sync.waitFor(Duration.ofSeconds(30));
                List<String> err = sync.err();
                assertThat(err).as(sync.transcript()).isNotEmpty();
                assertThat(err.get(err.size() - 1)).as(sync.transcript())
                        .matches("records sync: stopped after \\d+ s; its syncs applied 2 entries \\(0 conflicts\\)");
            }
        }
    }
}
