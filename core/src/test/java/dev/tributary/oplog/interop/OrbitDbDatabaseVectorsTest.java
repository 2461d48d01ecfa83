package dev.tributary.oplog.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.oplog.cid.Cid;
import dev.tributary.oplog.db.AccessSpec;
import dev.tributary.oplog.db.Database;
import dev.tributary.oplog.db.DatabaseType;
import dev.tributary.oplog.db.Databases;
import dev.tributary.oplog.db.Documents;
import dev.tributary.oplog.db.Events;
import dev.tributary.oplog.db.KeyValue;
import dev.tributary.oplog.identity.LocalIdentity;
import dev.tributary.oplog.log.BlockSource;
import dev.tributary.oplog.log.JoinResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Tributary's databases ({@link Databases}: events, keyvalue, documents) replay each scenario OrbitDB 4 ran in the
 * interop vectors through their own API, on two peers: the database created by name has OrbitDB's address; the
 * other peer opens it by address; every add, put and del writes OrbitDB's very entry; and at the end both peers
 * hold OrbitDB's state: {@code all()} in OrbitDB's order, {@code get} of every key the steps touched (deleted and
 * never-written keys absent), and the documents queries. Not {@code tributary-same-identity}, whose equal clocks
 * OrbitDB itself orders differently on its two devices ({@link OrbitDbLogVectorsTest} covers it).
 */
class OrbitDbDatabaseVectorsTest {
    private static final OrbitDbVectors VECTORS = OrbitDbVectors.load();
    private static final Map<String, Predicate<Map<String, Object>>> QUERIES = Map.of(
            "all documents", d -> true,
            "n >= 5", d -> d.get("n") instanceof Long n && n >= 5,
            "year < 2000", d -> d.get("year") instanceof Long y && y < 2000);

    private final List<Databases> opened = new ArrayList<>();

    @AfterEach
    void close() {
        opened.forEach(Databases::close);
    }

    @TestFactory
    Stream<DynamicTest> tributaryDatabasesReachOrbitDbsState() {
        return VECTORS.databases().stream().filter(db -> !db.name().equals("tributary-same-identity"))
                .map(db -> DynamicTest.dynamicTest(db.name(), () -> replay(db)));
    }

    private void replay(OrbitDbVectors.Database db) {
        String indexBy = db.indexBy().orElse(Documents.DEFAULT_INDEX);
        Map<String, Database> peers = new LinkedHashMap<>();
        for (String peer : db.state().keySet()) {
            Databases databases = Databases.inMemory(local(VECTORS.peer(peer)));
            opened.add(databases);
            boolean creator = peers.isEmpty();
            boolean withMeta = db.meta() != null && !db.meta().isNull();
            if (creator && !withMeta) {
                AccessSpec writers = AccessSpec.writers(VECTORS.peers().stream().map(OrbitDbVectors.Peer::id)
                        .toArray(String[]::new));
                Database created = db.type().equals("documents")
                        ? databases.documents(db.name(), indexBy, writers)
                        : databases.open(db.name(), DatabaseType.parse(db.type()), writers);
                assertThat(created.address()).as("%s created by name", db.name()).isEqualTo(db.address());
                peers.put(peer, created);
            } else {
                // as if replicated from a peer: the manifest and the access list arrive as blocks
                databases.store().putBlock(Cid.of(db.manifest().bytes()), db.manifest().bytes());
                databases.store().putBlock(Cid.of(db.accessController().bytes()), db.accessController().bytes());
                peers.put(peer, db.type().equals("documents") ? databases.documents(db.address(), indexBy, null)
                        : databases.open(db.address(), null, null));
            }
        }
        BlockSource network = network(peers.values());
        int i = 0;
        for (OrbitDbVectors.Step step : db.steps()) {
            String where = db.name() + " step " + i++ + " (" + step.peer() + " " + step.op() + " " + step.args() + ")";
            Database target = peers.get(step.peer());
            if (step.op().equals("join")) {
                Database from = peers.get(step.args().get(0).asText());
                JoinResult result = target.log().joinAll(from.log().heads(), network).join();
                assertThat(result.isRejected()).as("%s: %s", where, result).isFalse();
                continue;
            }
            assertThat(write(target, step)).as("%s: the entry written", where).hasToString(step.result().asText());
        }
        for (Map.Entry<String, Database> peer : peers.entrySet()) {
            JsonNode expected = db.state().get(peer.getKey());
            String where = db.name() + " at " + peer.getKey();
            assertThat(OrbitDbState.all(peer.getValue())).as("%s: all()", where).isEqualTo(expected.get("all"));
            if (expected.has("get")) {
                for (Iterator<Map.Entry<String, JsonNode>> it = expected.get("get").fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> f = it.next();
                    assertThat(OrbitDbState.get(peer.getValue(), f.getKey())).as("%s: get(%s)", where, f.getKey()).isEqualTo(f.getValue());
                }
            }
            if (expected.has("queries")) {
                for (JsonNode q : expected.get("queries")) {
                    List<Map<String, Object>> result = ((Documents) peer.getValue()).query(QUERIES.get(q.get("query").asText()));
                    assertThat(OrbitDbJson.toJson(result)).as("%s: query %s", where, q.get("query")).isEqualTo(q.get("result"));
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Cid write(Database db, OrbitDbVectors.Step step) {
        Object arg0 = OrbitDbJson.fromJson(step.args().get(0));
        if (db instanceof Events events) {
            return events.add(arg0);
        }
        if (db instanceof KeyValue kv) {
            return step.op().equals("put") ? kv.put((String) arg0, OrbitDbJson.fromJson(step.args().get(1)))
                    : kv.del((String) arg0);
        }
        Documents docs = (Documents) db;
        return step.op().equals("put") ? docs.put((Map<String, Object>) arg0) : docs.del(arg0);
    }

    /** The IPFS network a join fetches from: the vectors' identities, and every block the peers' logs hold. */
    private static BlockSource network(java.util.Collection<Database> peers) {
        Map<Cid, byte[]> identities = new HashMap<>();
        VECTORS.peers().forEach(p -> identities.put(Cid.parse(p.identity().hash()), p.identity().bytes()));
        return cids -> {
            Map<Cid, byte[]> out = new HashMap<>();
            for (Cid cid : cids) {
                if (identities.containsKey(cid)) {
                    out.put(cid, identities.get(cid));
                }
                for (Database peer : peers) {
                    peer.log().get(cid).ifPresent(e -> out.put(cid, e.bytes()));
                }
            }
            return CompletableFuture.completedFuture(out);
        };
    }

    private static LocalIdentity local(OrbitDbVectors.Peer peer) {
        return LocalIdentity.fromPrivateKeys(peer.idPrivateKey(), peer.signingPrivateKey());
    }
}
