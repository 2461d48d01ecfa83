package dev.tributary.node.records;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.node.Node;
import dev.tributary.node.StoreKind;
import dev.tributary.records.InMemoryRecordStore;
import dev.tributary.records.Payload;
import dev.tributary.records.RecordCollection;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The records service's status and metrics count live records; tombstones are counted apart. */
class RecordsServiceTest {
    @TempDir
    Path dir;

    @Test
    void theRecordCountLeavesTombstonesOut() throws Exception {
        RecordCollection c = new RecordCollection(new InMemoryRecordStore("urn:a", 5), Clock.systemUTC());
        c.put("x", Payload.of("account", Map.of("name", "x")));
        c.put("y", Payload.of("account", Map.of("name", "y")));
        c.put("z", Payload.of("account", Map.of("name", "z")));
        c.delete("y");
        try (Node node = Node.builder("n").datadir(dir.resolve("n")).storeKind(StoreKind.MEMORY)
                .service(RecordsService.factory(RecordsConfig.defaults(null), Map.of("accounts", c))).build()) {
            JsonNode status = new ObjectMapper().valueToTree(RecordsService.of(node).status())
                    .get("collections").get("accounts");
            assertThat(status.get("records").asLong()).isEqualTo(2);
            assertThat(status.get("tombstones").asLong()).isEqualTo(1);
            assertThat(node.scrapeMetrics()).contains("tributary_records_records{collection=\"accounts\"} 2.0")
                    .contains("tributary_records_tombstones{collection=\"accounts\"} 1.0");
        }
    }

    /**
     * A collection whose side tables were dropped under the running node (its schema dropped and made again) says so
     * in its status section: the node's status still answers, rather than failing (500) at every request.
     */
    @Test
    void aCollectionWhoseTableWentAwayShowsAnErrorInItsStatus() throws Exception {
        try (TestDatabase db = TestDatabase.open(TestDatabase.Kind.SQLITE, dir)) {
            db.exec("CREATE TABLE customers (id VARCHAR(64) PRIMARY KEY, name VARCHAR(100))");
            TableRecordStore store = TableRecordStore.open(TableStoreConfig.of(db.url, "customers", "urn:a"));
            RecordCollection c = new RecordCollection(store, Clock.systemUTC());
            try (Node node = Node.builder("n").datadir(dir.resolve("n")).storeKind(StoreKind.MEMORY)
                    .service(RecordsService.factory(RecordsConfig.defaults(null), Map.of("customers", c))).build()) {
                db.exec("DROP TABLE tributary_state_customers");
                JsonNode status = new ObjectMapper().valueToTree(RecordsService.of(node).status())
                        .get("collections").get("customers");
                assertThat(status.get("endpoint").asText()).isEqualTo("urn:a");
                assertThat(status.get("error").asText()).contains("table customers")
                        .contains("tributary_state_customers").endsWith("restart the node, which makes them again");
                assertThat(status.has("records")).isFalse();
            } finally {
                store.close();
            }
        }
    }
}
