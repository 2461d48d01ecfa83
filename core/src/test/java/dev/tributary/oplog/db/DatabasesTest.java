package dev.tributary.oplog.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.oplog.cid.Cid;
import dev.tributary.oplog.identity.Hex;
import dev.tributary.oplog.identity.LocalIdentity;
import dev.tributary.oplog.log.BlockSource;
import dev.tributary.oplog.log.JoinResult;
import dev.tributary.oplog.log.LogRange;
import dev.tributary.oplog.log.TestWriters;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabasesTest {
    /** userA of the vectors @orbitdb/core 4.0.0 made (formats-4.0.0.json). */
    static LocalIdentity userA() {
        return LocalIdentity.fromPrivateKeys(
                Hex.decode("0a135ce157a9ccb8375c2fae0d472f1eade4b40b37704c02df923b78ca03c627"),
                Hex.decode("97f64ca2bf7bd6aa2136eb0aa3ce512433bd903b91d48b2208052d6ff286d080"));
    }

    @TempDir
    Path tmp;

    static BlockSource from(Databases peer) {
        return cids -> {
            Map<Cid, byte[]> out = new HashMap<>();
            cids.forEach(c -> peer.store().block(c).ifPresent(b -> out.put(c, b)));
            return CompletableFuture.completedFuture(out);
        };
    }

    /** Copies a database's manifest and access controller, as replication will, so the peer can open its address. */
    static void shareManifest(Database db, Databases from, Databases to) {
        Cid manifest = Cid.parse(db.address().substring("/orbitdb/".length()));
        Cid ac = Cid.parse(db.accessController().substring("/ipfs/".length()));
        to.store().putBlock(manifest, from.store().block(manifest).orElseThrow());
        to.store().putBlock(ac, from.store().block(ac).orElseThrow());
    }

    @Test
    void addressesAreTheOnesOrbitDbComputes() {
        try (Databases dbs = Databases.inMemory(userA())) {
            assertThat(dbs.events("my-events").address())
                    .isEqualTo("/orbitdb/zdpuAuuCtpWxyusLgsLi7ixMfQKc3v1SDi19jwrqYEUrhKCBH");
            KeyValue kv = dbs.keyValue("kv");
            assertThat(kv.address()).isEqualTo("/orbitdb/zdpuB1kcacPHxeKBioAT4To5Ce7m2GQVRWP68PLyHqGc86sxj");
            assertThat(kv.accessController()).isEqualTo("/ipfs/zdpuAoxJgE3E9FCveCDCvBofwkrVuywPPpxm7zEzkipFihQuB");
            assertThat(dbs.keyValue("kv")).isSameAs(kv);
            assertThat(dbs.open(kv.address(), null, null)).isSameAs(kv);
        }
    }

    @Test
    void keyValueLastWriterWinsDeletesAndAll() {
        try (Databases dbs = Databases.inMemory(userA())) {
            KeyValue kv = dbs.keyValue("kv");
            kv.put("a", "1");
            kv.put("b", 2L);
            kv.put("a", "3");
            kv.del("b");
            kv.put("c", List.of("x", "y"));
            assertThat(kv.get("a")).contains("3");
            assertThat(kv.get("b")).isEmpty();
            assertThat(kv.get("nothing")).isEmpty();
            assertThat(kv.all()).extracting(KeyValue.Record::key).containsExactly("a", "c");
            assertThat(kv.all()).extracting(KeyValue.Record::value).containsExactly("3", List.of("x", "y"));
            assertThat(kv.size()).isEqualTo(5);
            List<KeyValue.Record> one = new ArrayList<>();
            kv.iterator(1).forEachRemaining(one::add);
            assertThat(one).extracting(KeyValue.Record::key).containsExactly("c");
        }
    }

    @Test
    void concurrentWritersConvergeOnTheLastInLogOrder() {
        LocalIdentity a = TestWriters.writer(0);
        LocalIdentity b = TestWriters.writer(1);
        try (Databases one = Databases.inMemory(a); Databases two = Databases.inMemory(b)) {
            KeyValue kv1 = (KeyValue) one.open("shared", DatabaseType.KEYVALUE, AccessSpec.anyone());
            shareManifest(kv1, one, two);
            KeyValue kv2 = (KeyValue) two.open(kv1.address(), DatabaseType.KEYVALUE, null);
            kv1.put("k", "from one");
            kv1.put("only1", 1L);
            kv2.put("k", "from two");
            kv2.del("only1");
            assertThat(kv1.log().joinAll(kv2.log().heads(), from(two)).join()).isInstanceOf(JoinResult.Joined.class);
            assertThat(kv2.log().joinAll(kv1.log().heads(), from(one)).join()).isInstanceOf(JoinResult.Joined.class);
            // Both at clock time 1 for "k": the greater writer key wins, as in OrbitDB.
            String winner = a.identity().publicKey().compareTo(b.identity().publicKey()) > 0 ? "from one" : "from two";
            assertThat(kv1.get("k")).contains(winner);
            assertThat(kv2.get("k")).contains(winner);
            assertThat(kv1.all()).isEqualTo(kv2.all());
            // only1: put at time 2 by one, deleted at time 2 by two: the greater key decides too.
            assertThat(kv1.get("only1")).isEqualTo(kv2.get("only1"));
        }
    }

    @Test
    void anAddressOpensWithItsManifestFetchedFromAPeer() {
        try (Databases one = Databases.inMemory(TestWriters.writer(0));
                Databases two = Databases.inMemory(TestWriters.writer(1))) {
            KeyValue kv1 = one.keyValue("fetched");
            kv1.put("a", "b");
            assertThat(kv1.writers()).containsExactly(TestWriters.writer(0).identity().id());
            assertThatThrownBy(() -> two.openFetching(kv1.address(), null, BlockSource.none()).join())
                    .hasRootCauseInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("the manifest of " + kv1.address() + " is not here");
            KeyValue kv2 = (KeyValue) two.openFetching(kv1.address(), DatabaseType.KEYVALUE, from(one)).join();
            assertThat(kv2.name()).isEqualTo("fetched");
            assertThat(kv2.writers()).isEqualTo(kv1.writers());
            assertThat(kv2.log().joinAll(kv1.log().heads(), from(one)).join()).isEqualTo(new JoinResult.Joined(1));
            assertThat(kv2.get("a")).contains("b");
            assertThatThrownBy(() -> kv2.put("c", "d")).hasMessageContaining("may not write");
        }
    }

    @Test
    void documentsByIdOrAnotherField() {
        try (Databases dbs = Databases.inMemory(userA())) {
            Documents docs = dbs.documents("docs");
            docs.put(doc("_id", "hello", "n", 1L));
            docs.put(doc("_id", "world", "n", 2L));
            docs.put(doc("_id", "hello", "n", 3L));
            assertThat(docs.get("hello")).hasValueSatisfying(d -> assertThat(d.value()).containsEntry("n", 3L));
            assertThat(docs.query(d -> ((Long) d.get("n")) > 1)).extracting(d -> d.get("_id"))
                    .containsExactly("hello", "world");
            docs.del("world");
            assertThat(docs.get("world")).isEmpty();
            assertThatThrownBy(() -> docs.del("world")).hasMessageContaining("no document with key 'world'");
            assertThatThrownBy(() -> docs.put(doc("name", "x"))).hasMessage("the document has no field '_id' to index it by");
            Documents byName = dbs.documents("people", "name", AccessSpec.onlyCreator());
            byName.put(doc("name", "ada", "born", 1815L));
            assertThat(byName.get("ada")).isPresent();
            assertThat(byName.all()).hasSize(1);
            assertThat(docs.size()).isEqualTo(4);
        }
    }

    @Test
    void eventsAddIterateAndBound() {
        try (Databases dbs = Databases.inMemory(userA())) {
            Events events = dbs.events("log");
            List<Cid> hashes = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                hashes.add(events.add("event " + i));
            }
            assertThat(events.all()).extracting(Events.Event::value).first().isEqualTo("event 0");
            assertThat(events.get(hashes.get(3))).contains("event 3");
            List<Object> bounded = new ArrayList<>();
            events.iterator(LogRange.all().gt(hashes.get(5)).amount(2)).forEachRemaining(e -> bounded.add(e.value()));
            assertThat(bounded).containsExactly("event 7", "event 6");
        }
    }

    @Test
    void listenersHearLocalWritesAndJoins() {
        try (Databases one = Databases.inMemory(TestWriters.writer(0));
                Databases two = Databases.inMemory(TestWriters.writer(1))) {
            Events e1 = (Events) one.open("ev", DatabaseType.EVENTS, AccessSpec.anyone());
            shareManifest(e1, one, two);
            Events e2 = (Events) two.open(e1.address(), null, null);
            List<String> heard = new ArrayList<>();
            e2.addListener(u -> heard.add(((Map<?, ?>) u.payload()).get("value") + (u.local() ? " local" : " joined")));
            e1.add("x");
            e2.add("y");
            e2.log().joinAll(e1.log().heads(), from(one)).join();
            assertThat(heard).containsExactly("y local", "x joined");
        }
    }

    @Test
    void aDatabaseReopensWithoutReplayingAndIsListed() {
        Path dir = tmp.resolve("dbs");
        String address;
        try (Databases dbs = Databases.open(dir, userA())) {
            KeyValue kv = dbs.keyValue("kv");
            for (int i = 0; i < 300; i++) {
                kv.put("k" + (i % 7), (long) i);
            }
            address = kv.address();
            dbs.events("ev").add("one");
        }
        try (dev.tributary.store.RocksDbKeyValueStore rocks = dev.tributary.store.RocksDbKeyValueStore.open(dir);
                dev.tributary.testing.ReadCountingKeyValueStore counted =
                        new dev.tributary.testing.ReadCountingKeyValueStore(rocks);
                Databases dbs = Databases.on(counted, userA())) {
            KeyValue kv = (KeyValue) dbs.open(address, null, null);
            assertThat(kv.get("k6")).contains(293L);
            assertThat(counted.reads()).as("store entries read to open a log of 300 and get a key: not the log")
                    .isLessThan(50);
            assertThat(dbs.list()).extracting(DatabaseInfo::name, DatabaseInfo::type, DatabaseInfo::entries)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("kv", DatabaseType.KEYVALUE, 300L),
                            org.assertj.core.groups.Tuple.tuple("ev", DatabaseType.EVENTS, 1L));
            assertThat(kv.all()).hasSize(7);
            kv.put("k6", "after");
            assertThat(kv.get("k6")).contains("after");
        }
    }

    @Test
    void badInputGetsClearErrorsAndChangesNothing() {
        try (Databases dbs = Databases.inMemory(userA())) {
            assertThatThrownBy(() -> dbs.open("/orbitdb/nonsense", null, null)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("not an OrbitDB address");
            assertThatThrownBy(() -> dbs.open("/orbitdb/zdpuAuuCtpWxyusLgsLi7ixMfQKc3v1SDi19jwrqYEUrhKCBH", null, null))
                    .hasMessageContaining("is not known here");
            assertThatThrownBy(() -> dbs.open(" ", DatabaseType.EVENTS, null)).hasMessageContaining("needs a name");
            assertThatThrownBy(() -> dbs.open("x", null, null)).hasMessageContaining("needs a type");
            assertThatThrownBy(() -> DatabaseType.parse("counter"))
                    .hasMessage("unknown database type 'counter'; the types are events, keyvalue, documents");
            KeyValue kv = dbs.keyValue("kv");
            assertThatThrownBy(() -> dbs.open(kv.address(), DatabaseType.EVENTS, null))
                    .hasMessageContaining("is a keyvalue database, not events");
            Events readOnly = (Events) dbs.open("theirs", DatabaseType.EVENTS, AccessSpec.writers("02" + "ab".repeat(32)));
            assertThatThrownBy(() -> readOnly.add("x")).hasMessageContaining("may not write to " + readOnly.address());
            assertThat(readOnly.size()).isZero();
            assertThatThrownBy(() -> kv.put("k", null)).hasMessageContaining("use del");
            assertThatThrownBy(() -> kv.put("k", "x".repeat(1 << 20))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("the most a log accepts is 1048576");
            assertThatThrownBy(() -> kv.put("k", 1.5)).isInstanceOf(IllegalArgumentException.class);
            assertThat(kv.size()).isZero();
            assertThat(kv.log().heads()).isEmpty();
            assertThat(dbs.list()).hasSize(2);
        }
    }

    private static Map<String, Object> doc(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
