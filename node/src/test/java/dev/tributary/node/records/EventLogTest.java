package dev.tributary.node.records;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What the event manager keeps of a run. */
class EventLogTest {
    @Test
    void aTwoWayRunKeepsTheDirectionOfItsFirstPass() {
        EventLog log = new EventLog(10, 10);
        // tributary records sync --two-way --source A --target B: the pass A -> B reports first, then B -> A
        log.report("nightly", "2026-12-07T03:47:43", "http://a/records/c", "http://b/records/c", 1, List.of());
        log.report("nightly", "2026-12-07T03:47:43", "http://b/records/c", "http://a/records/c", 2, List.of());
        EventLog.Run run = log.runs().get(0);
        assertThat(run.source()).isEqualTo("http://a/records/c");
        assertThat(run.target()).isEqualTo("http://b/records/c");
        assertThat(run.reports()).isEqualTo(2);
        assertThat(run.entries()).isEqualTo(3);
    }
}
