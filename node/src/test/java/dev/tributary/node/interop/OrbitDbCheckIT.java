package dev.tributary.node.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.oplog.access.IpfsAccessController;
import dev.tributary.oplog.cid.Cid;
import dev.tributary.oplog.db.AccessSpec;
import dev.tributary.oplog.db.Database;
import dev.tributary.oplog.db.DatabaseType;
import dev.tributary.oplog.db.Databases;
import dev.tributary.oplog.db.Documents;
import dev.tributary.oplog.db.Events;
import dev.tributary.oplog.db.KeyValue;
import dev.tributary.oplog.interop.OrbitDbState;
import dev.tributary.oplog.log.BlockSource;
import dev.tributary.oplog.log.JoinResult;
import dev.tributary.oplog.manifest.DatabaseAddress;
import java.util.HashMap;
import java.util.concurrent.CompletableFuture;
import dev.tributary.oplog.cbor.DagCbor;
import dev.tributary.oplog.entry.Clock;
import dev.tributary.oplog.entry.Entry;
import dev.tributary.oplog.identity.LocalIdentity;
import dev.tributary.oplog.manifest.Manifest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import dev.tributary.oplog.interop.OrbitDbJson;
import dev.tributary.oplog.interop.OrbitDbVectors;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OrbitDB 4's own code ({@code interop/orbitdb/check.mjs}) reads blocks Tributary wrote, verifies and applies them,
 * and reaches the state the vectors record; and refuses what it refuses. Skipped without npm (see
 * {@link OrbitDb#assumeAvailable()}).
 */
@Tag("interop")
class OrbitDbCheckIT {
    private static final OrbitDbVectors VECTORS = OrbitDbVectors.load();

    @TempDir
    Path dir;

    @BeforeEach
    void needsOrbitDb() {
        OrbitDb.assumeAvailable();
    }

    @Test
    void orbitDbAppliesEveryBlockAsTributaryEncodesItAndReachesTheRecordedState() throws Exception {
        OrbitDbCheck check = new OrbitDbCheck();
        VECTORS.peers().forEach(p -> check.identity(reencoded(p.identity().bytes())));
        List<OrbitDbVectors.Database> databases = VECTORS.databases().stream()
                .filter(d -> !d.name().equals("tributary-same-identity")).toList();
        for (OrbitDbVectors.Database db : databases) {
            check.database(db.address(), reencoded(db.manifest().bytes()), reencoded(db.accessController().bytes()),
                    db.indexBy(), db.entries().stream().map(e -> reencoded(e.bytes())).toList(), List.of());
        }
        OrbitDbCheck.Verdict verdict = check.run(dir);
        assertThat(verdict.ok()).as("OrbitDB refused: %s %s", verdict.error(), verdict.stderr()).isTrue();
        for (int i = 0; i < databases.size(); i++) {
            OrbitDbVectors.Database db = databases.get(i);
            JsonNode expected = db.state().get("userA");
            JsonNode state = verdict.database(i);
            assertThat(state.get("address").asText()).isEqualTo(db.address());
            assertThat(state.get("type").asText()).isEqualTo(db.type());
            assertThat(state.get("heads")).as("%s heads", db.name()).isEqualTo(expected.get("heads"));
            assertThat(state.get("values")).as("%s order", db.name()).isEqualTo(expected.get("values"));
            assertThat(state.get("all")).as("%s state", db.name()).isEqualTo(expected.get("all"));
        }
    }

    @Test
    void orbitDbDecidesEachTamperedEntryAsTheVectorsRecord() throws Exception {
        JsonNode tampering = VECTORS.json().get("tampering");
        for (JsonNode c : tampering.get("cases")) {
            OrbitDbCheck check = new OrbitDbCheck();
            VECTORS.peers().forEach(p -> check.identity(p.identity().bytes()));
            check.identity(hex(tampering.get("writerNotListed").get("identity").get("bytes")));
            List<byte[]> entries = new ArrayList<>();
            tampering.get("entries").forEach(e -> entries.add(hex(e.get("bytes"))));
            entries.add(hex(c.get("bytes")));
            check.database(tampering.get("address").asText(), hex(tampering.get("manifest").get("bytes")),
                    hex(tampering.get("accessController").get("bytes")), Optional.empty(), entries, List.of());
            String name = c.get("case").asText();
            OrbitDbCheck.Verdict verdict = check.run(dir, true);
            JsonNode recorded = c.get("orbitdb");
            if (recorded.get("accepted").asBoolean()) {
                assertThat(verdict.ok()).as("%s: OrbitDB accepted it when the vectors were made, now: %s", name,
                        verdict.error()).isTrue();
            } else {
                assertThat(verdict.exitCode()).as("%s exit code", name).isEqualTo(1);
                assertThat(verdict.error()).as(name).contains(recorded.get("error").asText());
            }
            if (name.equals("map-keys-out-of-order")) {
                assertThat(check.run(dir).error()).as("%s, canonical form demanded", name).contains("not canonical");
            }
        }
    }

    @Test
    void orbitDbVerifiesAndAppliesEntriesTributaryWrote() throws Exception {
        LocalIdentity w1 = writer("w1");
        LocalIdentity w2 = writer("w2");
        IpfsAccessController access = IpfsAccessController.of(List.of(w1.identity().id(), w2.identity().id()));
        Manifest manifest = Manifest.of("tributary-written", "keyvalue", access.address());
        String log = manifest.address().toString();
        // w1 writes two; w2 follows and overwrites a, deletes b; w1 meanwhile writes c; w1 merges both branches
        Entry e1 = Entry.create(w1, log, put("a", 1L), clock(w1, 1), List.of(), List.of());
        Entry e2 = Entry.create(w1, log, put("b", Map.of("nested", List.of(1L, "x", new byte[] {7, 8}))), clock(w1, 2),
                List.of(e1.hash()), List.of());
        Entry e3 = Entry.create(w2, log, put("a", 3L), clock(w2, 3), List.of(e2.hash()), List.of());
        Entry e4 = Entry.create(w2, log, del("b"), clock(w2, 4), List.of(e3.hash()), List.of(e1.hash()));
        Entry e5 = Entry.create(w1, log, put("c", "see"), clock(w1, 3), List.of(e2.hash()), List.of());
        Entry e6 = Entry.create(w1, log, put("a", 6L), clock(w1, 5), List.of(e4.hash(), e5.hash()), List.of(e2.hash()));
        List<Entry> entries = List.of(e1, e2, e3, e4, e5, e6);

        OrbitDbCheck.Verdict verdict = new OrbitDbCheck().identity(w1.identity().bytes()).identity(w2.identity().bytes())
                .database(log, manifest.bytes(), access.manifestBytes(), Optional.empty(),
                        entries.stream().map(Entry::bytes).toList(), List.of())
                .run(dir);

        assertThat(verdict.ok()).as("OrbitDB refused Tributary's entries: %s %s", verdict.error(), verdict.stderr()).isTrue();
        JsonNode state = verdict.database(0);
        assertThat(state.get("type").asText()).isEqualTo("keyvalue");
        assertThat(OrbitDbVectors.texts(state.get("heads"))).containsExactly(e6.hash());
        List<String> byClock = entries.stream().sorted(Comparator.comparing(Entry::clock)).map(Entry::hash).toList();
        assertThat(OrbitDbVectors.texts(state.get("values"))).as("OrbitDB's order: by clock").isEqualTo(byClock);
        assertThat(state.get("all")).isEqualTo(OrbitDbJson.toJson(List.of(
                kv("c", "see", e5), kv("a", 6L, e6))));
    }

    @Test
    void orbitDbReachesTheStateOfDatabasesTributaryWrote() throws Exception {
        LocalIdentity w1 = writer("w1");
        LocalIdentity w2 = writer("w2");
        AccessSpec both = AccessSpec.writers(w1.identity().id(), w2.identity().id());
        try (Databases one = Databases.inMemory(w1); Databases two = Databases.inMemory(w2)) {
            List<Database> written = new ArrayList<>();
            // events: long enough for full refs, with a concurrent stretch and a merge
            Events events1 = (Events) one.open("tributary-events", DatabaseType.EVENTS, both);
            Events events2 = (Events) opened(two, one, events1.address(), null);
            for (int i = 0; i < 20; i++) {
                events1.add("one " + i);
            }
            join(events2, events1, one, two);
            for (int i = 0; i < 10; i++) {
                events1.add(Map.of("i", (long) i, "by", "one"));
                events2.add(List.of("two", (long) i, new byte[] {(byte) i}));
            }
            join(events1, events2, one, two);
            events1.add("one merges");
            join(events2, events1, one, two);
            written.add(events1);
            // keyvalue: overwrites and deletes on both sides
            KeyValue kv1 = (KeyValue) one.open("tributary-keyvalue", DatabaseType.KEYVALUE, both);
            KeyValue kv2 = (KeyValue) opened(two, one, kv1.address(), null);
            kv1.put("a", 1L);
            kv1.put("b", "bee");
            kv1.put("c", Map.of("deep", List.of(true, false)));
            join(kv2, kv1, one, two);
            kv2.put("a", 2L);
            kv2.del("b");
            kv1.put("c", "overwritten by one");
            kv1.del("never");
            join(kv1, kv2, one, two);
            join(kv2, kv1, one, two);
            written.add(kv1);
            // documents indexed by a field of their own
            Documents docs1 = one.documents("tributary-books", "isbn", both);
            Documents docs2 = (Documents) opened(two, one, docs1.address(), "isbn");
            docs1.put(Map.of("isbn", "1", "title", "first"));
            docs1.put(Map.of("isbn", "2", "title", "second"));
            join(docs2, docs1, one, two);
            docs2.del("1");
            docs2.put(Map.of("isbn", "3", "title", "third"));
            docs1.put(Map.of("isbn", "2", "title", "second, revised"));
            join(docs1, docs2, one, two);
            written.add(docs1);

            OrbitDbCheck check = new OrbitDbCheck().identity(w1.identity().bytes()).identity(w2.identity().bytes());
            for (Database db : written) {
                Manifest manifest = Manifest.decode(one.store().block(DatabaseAddress.parse(db.address()).cid()).orElseThrow());
                byte[] access = one.store().block(IpfsAccessController.parseAddress(manifest.accessController())).orElseThrow();
                check.database(db.address(), manifest.bytes(), access,
                        db instanceof Documents d ? Optional.of(d.indexBy()) : Optional.empty(),
                        db.log().values().stream().map(Entry::bytes).toList(), List.of());
            }
            OrbitDbCheck.Verdict verdict = check.run(dir);

            assertThat(verdict.ok()).as("OrbitDB refused what Tributary wrote: %s %s", verdict.error(), verdict.stderr()).isTrue();
            for (int i = 0; i < written.size(); i++) {
                Database db = written.get(i);
                JsonNode state = verdict.database(i);
                assertThat(state.get("type").asText()).isEqualTo(db.type().manifestName());
                assertThat(OrbitDbVectors.texts(state.get("heads"))).as("%s heads", db.name())
                        .isEqualTo(db.log().heads().stream().map(Entry::hash).toList());
                assertThat(OrbitDbVectors.texts(state.get("values"))).as("%s order", db.name())
                        .isEqualTo(db.log().values().stream().map(Entry::hash).toList());
                assertThat(state.get("all")).as("%s state", db.name()).isEqualTo(OrbitDbState.all(db));
            }
        }
    }

    /** The database at {@code address} opened in {@code peer}, its manifest and access list received from {@code from}. */
    private static Database opened(Databases peer, Databases from, String address, String indexBy) {
        Manifest manifest = Manifest.decode(from.store().block(DatabaseAddress.parse(address).cid()).orElseThrow());
        peer.store().putBlock(manifest.cid(), manifest.bytes());
        var acCid = IpfsAccessController.parseAddress(manifest.accessController());
        peer.store().putBlock(acCid, from.store().block(acCid).orElseThrow());
        return indexBy == null ? peer.open(address, null, null) : peer.documents(address, indexBy, null);
    }

    /** {@code to} joins {@code from}'s heads, fetching what it lacks from either peer's store. */
    private static void join(Database to, Database from, Databases... peers) {
        BlockSource network = cids -> {
            Map<Cid, byte[]> out = new HashMap<>();
            for (Cid cid : cids) {
                for (Databases peer : peers) {
                    peer.store().block(cid).ifPresent(b -> out.put(cid, b));
                }
            }
            return CompletableFuture.completedFuture(out);
        };
        JoinResult result = to.log().joinAll(from.log().heads(), network).join();
        assertThat(result.isRejected()).as("join: %s", result).isFalse();
    }

    @Test
    void orbitDbRefusesTributaryEntriesOfAWriterNotListed() throws Exception {
        LocalIdentity w1 = writer("w1");
        LocalIdentity stranger = writer("stranger");
        IpfsAccessController access = IpfsAccessController.of(List.of(w1.identity().id()));
        Manifest manifest = Manifest.of("tributary-written", "events", access.address());
        String log = manifest.address().toString();
        Entry e1 = Entry.create(w1, log, add("mine"), clock(w1, 1), List.of(), List.of());
        Entry e2 = Entry.create(stranger, log, add("not mine"), clock(stranger, 2), List.of(e1.hash()), List.of());

        OrbitDbCheck.Verdict verdict = new OrbitDbCheck().identity(w1.identity().bytes())
                .identity(stranger.identity().bytes())
                .database(log, manifest.bytes(), access.manifestBytes(), Optional.empty(), List.of(e1.bytes(), e2.bytes()),
                        List.of())
                .run(dir);

        assertThat(verdict.exitCode()).isEqualTo(1);
        assertThat(verdict.error()).contains("is not allowed to write to the log").contains(stranger.identity().hash());
    }

    /** A writer with fixed keys: sha256 of "tributary/check/NAME/id" and ".../signing". */
    private static LocalIdentity writer(String name) throws Exception {
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        byte[] id = sha256.digest(("tributary/check/" + name + "/id").getBytes(StandardCharsets.UTF_8));
        byte[] signing = sha256.digest(("tributary/check/" + name + "/signing").getBytes(StandardCharsets.UTF_8));
        return LocalIdentity.fromPrivateKeys(id, signing);
    }

    private static Clock clock(LocalIdentity writer, long time) {
        return new Clock(writer.identity().publicKey(), time);
    }

    private static Map<String, Object> put(String key, Object value) {
        return op("PUT", key, value);
    }

    private static Map<String, Object> del(String key) {
        return op("DEL", key, null);
    }

    private static Map<String, Object> add(Object value) {
        return op("ADD", null, value);
    }

    private static Map<String, Object> op(String op, String key, Object value) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("op", op);
        payload.put("key", key);
        payload.put("value", value);
        return payload;
    }

    private static Map<String, Object> kv(String key, Object value, Entry entry) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("key", key);
        item.put("value", value);
        item.put("hash", entry.hash());
        return item;
    }

    private static byte[] reencoded(byte[] block) {
        return DagCbor.encode(DagCbor.decode(block));
    }

    private static byte[] hex(JsonNode text) {
        return HexFormat.of().parseHex(text.asText());
    }
}
