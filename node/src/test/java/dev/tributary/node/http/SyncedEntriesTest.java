package dev.tributary.node.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The entries a service without a height synced, as the dashboard's progress samples read them from its status. */
class SyncedEntriesTest {
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void recordCollectionsCountWhatTheyAppliedAndServed() throws Exception {
        assertThat(SyncedEntries.of(json.readTree("""
                {"collections": {"a": {"entriesApplied": 3, "entriesServed": 4}, "b": {"entriesApplied": 10}}}""")))
                .hasValue(17);
        assertThat(SyncedEntries.of(json.readTree("{\"collections\": {}}"))).hasValue(0);
    }

    @Test
    void databasesCountTheEntriesAppliedFromEachPeer() throws Exception {
        assertThat(SyncedEntries.of(json.readTree("""
                {"identity": "03ab", "list": [{"peers": [{"applied": 5}, {"applied": 2}]}, {"peers": []},
                 {"peers": [{"applied": 1, "fetched": 9}]}]}"""))).hasValue(8);
    }

    @Test
    void otherSectionsHaveNone() throws Exception {
        assertThat(SyncedEntries.of(json.readTree("{\"mode\": \"headers\", \"height\": 3}"))).isEqualTo(OptionalLong.empty());
        assertThat(SyncedEntries.of(json.readTree("{\"runs\": 0, \"recentRuns\": []}"))).isEmpty();
    }
}
