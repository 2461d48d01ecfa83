package dev.tributary.node.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.node.cli.Cli;
import dev.tributary.node.records.TestDatabase.Kind;
import dev.tributary.records.Digest;
import dev.tributary.records.InMemoryRecordStore;
import dev.tributary.records.Payload;
import dev.tributary.records.RecordCollection;
import dev.tributary.records.verify.Difference;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The verify pass over real HTTP between record endpoints on loopback: rows changed behind the sync's back (written
 * with the triggers quiet, so no log, no sync state and no digest sees them) in an SQLite source and an SQLite,
 * PostgreSQL or MariaDB target are found exactly, by the library call and by {@code tributary records verify}, and
 * repaired through an ordinary pass; bad bodies on {@code $syncVerify} and {@code $syncReissue} get a 4xx with a
 * diagnosis in words and change nothing; a repair of endpoints not in sync is refused. PostgreSQL and MariaDB are
 * skipped with a message when they do not answer.
 */
class VerifyHttpIT {
    private static final String TOKEN = "s3cret";
    private static final String TABLE = "CREATE TABLE customers (id VARCHAR(16) PRIMARY KEY, name VARCHAR(100), qty INTEGER)";
    private static final String ROWS = "SELECT id, name, qty FROM customers ORDER BY id";
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Kind.class)
    void rowsChangedBehindTheSyncAreFoundAndRepaired(Kind targetKind) throws Exception {
        try (TestDatabase lite = TestDatabase.open(Kind.SQLITE, dir);
             TestDatabase other = TestDatabase.open(targetKind, dir);
             RecordNodes nodes = new RecordNodes(dir)) {
            lite.exec(TABLE);
            other.exec(TABLE);
            StringBuilder insert = new StringBuilder("INSERT INTO customers VALUES ");
            for (int i = 0; i < 300; i++) {
                insert.append(i == 0 ? "" : ", ").append("('c").append(String.format("%04d", i)).append("', 'name ")
                        .append(i).append("', ").append(i % 17).append(")");
            }
            lite.exec(insert.toString());
            RecordsConfig config = new RecordsConfig(TOKEN, 100, 1 << 20, 16);
            URI source = nodes.serve("source", TableRecordStore.open(TableStoreConfig.of(lite.url, "customers",
                    "urn:source")), config);
            URI target = nodes.serve("target", TableRecordStore.open(TableStoreConfig.of(other.url, "customers",
                    "urn:target")), config);
            sync(source, target);
            assertThat(other.rows(ROWS)).hasSize(300).isEqualTo(lite.rows(ROWS));

            behindTheSync(other, "UPDATE customers SET name = 'edited' WHERE id = 'c0042'",
                    "DELETE FROM customers WHERE id = 'c0100'", "INSERT INTO customers VALUES ('c9000', 'stray', 1)");
            behindTheSync(lite, "INSERT INTO customers VALUES ('c0150x', 'late', 2)");
            assertThat(sync(source, target).entries()).as("no digest sees them").isZero();

            RecordsVerify.Result found = RecordsVerify.run(http, new RecordsVerify.Options(source, target, false, TOKEN,
                    TOKEN, 4, 8));
            assertThat(found.report().differences()).containsExactly(
                    new Difference("c0042", Difference.Kind.CHANGED),
                    new Difference("c0100", Difference.Kind.MISSING_ON_TARGET),
                    new Difference("c0150x", Difference.Kind.MISSING_ON_TARGET),
                    new Difference("c9000", Difference.Kind.EXTRA_ON_TARGET));
            assertThat(found.reissued()).isZero();
            assertThat(found.repair()).isNull();

            Cli.Result cli = Cli.run("records", "verify", "--source", source.toString(), "--target", target.toString(),
                    "--repair", "--token", TOKEN, "--parts", "4", "--list-at", "8");
            assertThat(cli.exitCode()).as(cli.toString()).isZero();
            assertThat(cli.out()).startsWith("changed c0042", "missing-on-target c0100", "missing-on-target c0150x",
                    "extra-on-target c9000");
            assertThat(cli.lastOut()).startsWith("records verify: rounds=").contains(" differing=4 changed=1 missing=2"
                    + " extra=1 in_sync=yes reissued=4 sent=4 repaired=4 ");
            assertThat(other.rows(ROWS)).hasSize(301).isEqualTo(lite.rows(ROWS));
            assertThat(RecordsVerify.run(http, new RecordsVerify.Options(source, target, false, TOKEN, TOKEN))
                    .report().differences()).isEmpty();
        }
    }

    @Test
    void aRepairOfEndpointsNotInSyncIsRefused() throws Exception {
        try (RecordNodes nodes = new RecordNodes(dir)) {
            RecordCollection a = new RecordCollection(new InMemoryRecordStore("urn:a", 1), Clock.systemUTC());
            RecordCollection b = new RecordCollection(new InMemoryRecordStore("urn:b", 2), Clock.systemUTC());
            a.put("r1", Payload.of("item", Map.of("n", "1")));
            RecordsConfig config = new RecordsConfig(TOKEN, 100, 1 << 20, 16);
            URI source = nodes.serve("a", "items", a, config);
            URI target = nodes.serve("b", "items", b, config);

            assertThatThrownBy(() -> RecordsVerify.run(http, new RecordsVerify.Options(source, target, true, TOKEN,
                    TOKEN))).isInstanceOf(IOException.class).hasMessageContaining("not in sync")
                    .hasMessageContaining("records sync --two-way first");
            RecordsVerify.Result onlyLook = RecordsVerify.run(http, new RecordsVerify.Options(source, target, false,
                    TOKEN, TOKEN));
            assertThat(onlyLook.inSync()).isFalse();
            assertThat(onlyLook.report().differences()).containsExactly(new Difference("r1",
                    Difference.Kind.MISSING_ON_TARGET));
            assertThat(b.get("r1")).isEmpty();
        }
    }

    @Test
    void badBodiesGetA4xxWithADiagnosisAndChangeNothing() throws Exception {
        try (RecordNodes nodes = new RecordNodes(dir)) {
            RecordCollection a = new RecordCollection(new InMemoryRecordStore("urn:a", 1), Clock.systemUTC());
            a.put("r1", Payload.of("item", Map.of("n", "1")));
            URI url = nodes.serve("a", "items", a, new RecordsConfig(TOKEN, 100, 1 << 20, 16));
            Digest before = a.digest();

            assertRefused(url + "/$syncVerify", "{not json", TOKEN, 400, "the body is not a verify request: not JSON");
            assertRefused(url + "/$syncVerify", "[]", TOKEN, 400, "a JSON object is expected");
            assertRefused(url + "/$syncVerify", "{\"parts\": 1, \"listAt\": 8, \"ranges\": []}", TOKEN, 400,
                    "parts must be 2 to 256, not 1");
            assertRefused(url + "/$syncVerify", "{\"parts\": \"16\", \"listAt\": 8, \"ranges\": []}", TOKEN, 400,
                    "needs \\\"parts\\\", a whole number");
            assertRefused(url + "/$syncVerify", "{\"parts\": 16, \"listAt\": 8}", TOKEN, 400, "needs \\\"ranges\\\"");
            assertRefused(url + "/$syncVerify", "{\"parts\": 16, \"listAt\": 8, \"ranges\": [{\"from\": \"b\","
                    + " \"to\": \"b\", \"want\": \"hash\"}]}", TOKEN, 400, "range 1: the key range [b, b) is empty");
            assertRefused(url + "/$syncVerify", "{\"parts\": 16, \"listAt\": 8, \"ranges\": [{\"want\": \"all\"}]}",
                    TOKEN, 400, "\\\"want\\\" is split, hash or list, not 'all'");
            assertRefused(url + "/$syncVerify", "{\"parts\": 16, \"listAt\": 8, \"ranges\": [], \"depth\": 3}", TOKEN,
                    400, "unknown field \\\"depth\\\"");
            assertRefused(url + "/$syncVerify", "{\"parts\": 16, \"listAt\": 8, \"ranges\": []}", null, 401,
                    "a verify needs the header Authorization");
            assertRefused(url + "/$syncReissue", "{\"keys\": [1]}", TOKEN, 400, "key 1 is not a non-empty string");
            assertRefused(url + "/$syncVerify", "{\"keys\": [\"r1\"], \"parts\": 4}", TOKEN, 400,
                    "the key lookup has an unknown field \\\"parts\\\"");
            assertRefused(url + "/$syncReissue", "{\"uuids\": []}", TOKEN, 400, "unknown field \\\"uuids\\\"");
            assertRefused(url + "/$syncReissue", "{\"keys\": [\"r1\"]}", "wrong", 401,
                    "the one sent does not hold this endpoint's token");
            assertRefused(url + "/$syncReissue", "", TOKEN, 400, "the request has no body");

            assertThat(a.digest()).isEqualTo(before);
            HttpResponse<String> ok = post(url + "/$syncVerify", "{\"parts\": 16, \"listAt\": 8, \"ranges\":"
                    + " [{\"from\": null, \"to\": null, \"want\": \"split\"}]}", TOKEN);
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.body()).startsWith("{\"ranges\":[{\"from\":null,\"to\":null,\"count\":1,\"hash\":\"")
                    .contains("\"rows\":[{\"key\":\"r1\",\"hash\":\"");
            HttpResponse<String> lookup = post(url + "/$syncVerify", "{\"keys\": [\"r1\", \"nothing\"]}", TOKEN);
            assertThat(lookup.statusCode()).isEqualTo(200);
            assertThat(lookup.body()).startsWith("{\"rows\":[{\"key\":\"r1\",\"hash\":\"").doesNotContain("nothing");
        }
    }

    private void assertRefused(String url, String body, String token, int status, String message) throws Exception {
        HttpResponse<String> r = post(url, body, token);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.body()).contains(message).doesNotContain("Exception");
    }

    private HttpResponse<String> post(String url, String body, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private RecordsSync.Result sync(URI source, URI target) throws Exception {
        return RecordsSync.run(http, new RecordsSync.Options(source, target, null, true, "verify test", TOKEN, TOKEN),
                (from, to) -> new HttpSyncPass.Listener() {
                });
    }

    /** Runs {@code sql} in {@code db} with the store's triggers quiet: writes no log records and no digest sees. */
    private static void behindTheSync(TestDatabase db, String... sql) throws SQLException {
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            switch (db.kind) {
                case SQLITE -> st.execute("INSERT INTO tributary_applying VALUES (1)");
                case POSTGRESQL -> st.execute("SELECT set_config('tributary.applying', 'on', true)");
                default -> st.execute("SET @tributary_applying = 1");
            }
            for (String s : sql) {
                assertThat(st.executeUpdate(s)).as(s).isEqualTo(1);
            }
            if (db.kind == Kind.SQLITE) {
                st.execute("DELETE FROM tributary_applying");
            }
            c.commit();
            if (db.kind == Kind.MARIADB) {
                st.execute("SET @tributary_applying = NULL");
            }
        }
    }
}
