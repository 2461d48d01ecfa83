package dev.tributary.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.net.NetConfig;
import dev.tributary.net.bitcoin.BitcoinMessages;
import dev.tributary.node.db.DbService;
import dev.tributary.oplog.cbor.DagCbor;
import dev.tributary.oplog.db.AccessSpec;
import dev.tributary.oplog.db.DatabaseType;
import dev.tributary.oplog.db.KeyValue;
import dev.tributary.oplog.entry.Clock;
import dev.tributary.oplog.entry.Entry;
import dev.tributary.oplog.identity.LocalIdentity;
import dev.tributary.oplog.recon.Reconciler;
import dev.tributary.sync.replication.DbMessages;
import dev.tributary.sync.replication.DbReplication;
import dev.tributary.wire.FrameCodec;
import dev.tributary.wire.Message;
import dev.tributary.wire.MessageCodec;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile replication peers over a real socket: each breaks one rule, is refused with a penalty that ends its
 * connection, and nothing it sent is stored; an honest peer connected all along is still served.
 */
class HostileReplicationIT {
    private static final MessageCodec CODEC = DbMessages.register(BitcoinMessages.register(MessageCodec.builder()))
            .build();
    @TempDir
    Path dir;
    private Node a;
    private Node b;
    private LocalIdentity idA;
    private LocalIdentity idB;
    private KeyValue kv;
    private KeyValue copy;

    private static NetConfig net(List<InetSocketAddress> peers) {
        return NetConfig.defaults().withListen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .withConnect(peers).withSeeds(List.of(), false).withTimeouts(5_000, 60_000, 60_000);
    }

    @BeforeEach
    void honestPair() throws Exception {
        idA = LocalIdentity.create("a", new SecureRandom());
        idB = LocalIdentity.create("b", new SecureRandom());
        a = DbService.node(dir.resolve("a"), StoreKind.ROCKSDB, net(List.of()), idA);
        a.start();
        DbService dbsA = DbService.of(a);
        kv = dbsA.replicate(dbsA.library().keyValue("only-a"));
        kv.put("k", "v");
        b = DbService.node(dir.resolve("b"), StoreKind.ROCKSDB, net(List.of(a.listeningAddress())), idB);
        b.start();
        DbService dbsB = DbService.of(b);
        copy = (KeyValue) dbsB.open(kv.address()).get(30, TimeUnit.SECONDS);
        // b writes a database of its own that a replicates, so a knows b's identity
        KeyValue open = dbsB.replicate((KeyValue) dbsB.library().open("open", DatabaseType.KEYVALUE, AccessSpec.anyone()));
        open.put("hello", 1);
        dbsA.open(open.address()).get(30, TimeUnit.SECONDS);
        dbsA.replication().whenSynced(open.address()).get(30, TimeUnit.SECONDS);
        dbsB.replication().whenSynced(kv.address()).get(30, TimeUnit.SECONDS);
    }

    @AfterEach
    void close() {
        if (b != null) {
            b.close();
        }
        if (a != null) {
            a.close();
        }
    }

    private AttackClient attacker() throws Exception {
        AttackClient c = AttackClient.handshaked(a.listeningAddress(), DbReplication.MAGIC, CODEC);
        assertThat(c).as("the attacker's handshake").isNotNull();
        c.send(new DbMessages.Open(List.of(kv.address())));
        return c;
    }

    /** The attacker was dropped, a stored nothing, and an honest write still reaches b. */
    private void refusedAndHonestPeerServed(AttackClient c, long sizeBefore) throws Exception {
        refusedAndHonestPeerServed(c, sizeBefore, 20);
    }

    private void refusedAndHonestPeerServed(AttackClient c, long sizeBefore, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (c.stillOpen()) {
            assertThat(System.nanoTime()).as("the attacker is disconnected").isLessThan(deadline);
        }
        assertThat(kv.size()).isEqualTo(sizeBefore);
        kv.put("after", System.nanoTime());
        long target = kv.size();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (copy.size() < target) {
            assertThat(System.nanoTime()).as("the honest peer gets the next write").isLessThan(until);
            Thread.sleep(20);
        }
    }

    private Entry validByA() {
        Entry head = kv.log().heads().get(0);
        return Entry.create(idA, kv.address(), Map.of("op", "PUT", "key", "x", "value", 1),
                new Clock(idA.identity().publicKey(), head.clock().time() + 1), List.of(head.cid().toString()),
                List.of());
    }

    @Test
    void anEntryWithABadSignatureIsRefused() throws Exception {
        Entry e = validByA();
        @SuppressWarnings("unchecked")
        Map<String, Object> fields = new LinkedHashMap<>((Map<String, Object>) DagCbor.decode(e.bytes()));
        fields.put("payload", Map.of("op", "PUT", "key", "x", "value", 666));
        long before = kv.size();
        try (AttackClient c = attacker()) {
            c.send(new DbMessages.Push(kv.address(), DagCbor.encode(fields)));
            refusedAndHonestPeerServed(c, before);
        }
    }

    @Test
    void anEntryFromAWriterWithoutAccessIsRefused() throws Exception {
        Entry head = kv.log().heads().get(0);
        Entry e = Entry.create(idB, kv.address(), Map.of("op", "PUT", "key", "x", "value", 1),
                new Clock(idB.identity().publicKey(), head.clock().time() + 1), List.of(head.cid().toString()),
                List.of());
        long before = kv.size();
        try (AttackClient c = attacker()) {
            c.send(new DbMessages.Push(kv.address(), e.bytes()));
            refusedAndHonestPeerServed(c, before);
        }
    }

    @Test
    void anEntryOfAnotherLogIsRefused() throws Exception {
        Entry e = Entry.create(idA, "/orbitdb/zdpuAkstgbTVGHQmMi5TC84auhJ8rL5qoaNEtXo2d5PHXs2To",
                Map.of("op", "PUT", "key", "x", "value", 1), new Clock(idA.identity().publicKey(), 1), List.of(),
                List.of());
        long before = kv.size();
        try (AttackClient c = attacker()) {
            c.send(new DbMessages.Push(kv.address(), e.bytes()));
            refusedAndHonestPeerServed(c, before);
        }
    }

    @Test
    void anOversizedPayloadEndsTheConnectionBeforeItIsRead() throws Exception {
        long before = kv.size();
        try (AttackClient c = attacker()) {
            byte[] frame = FrameCodec.encode(DbReplication.MAGIC, new DbMessages.Push(kv.address(), new byte[16]));
            // declare 64 MiB in the header (offset 16, uint32 LE), send a little of it
            ByteBuffer.wrap(frame, 16, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(64 << 20);
            c.sendRaw(frame);
            refusedAndHonestPeerServed(c, before);
        }
    }

    @Test
    void aFloodOfUnrequestedBlocksIsRefused() throws Exception {
        long before = kv.size();
        try (AttackClient c = attacker()) {
            Entry e = validByA();
            c.flood(java.util.Collections.nCopies(12, new DbMessages.Blocks(kv.address(),
                    List.of(new DbMessages.Block(e.cid().digest(), e.bytes())), List.of())));
            refusedAndHonestPeerServed(c, before);
        }
    }

    @Test
    void malformedAndUnaskedReconciliationIsRefused() throws Exception {
        long before = kv.size();
        try (AttackClient c = attacker()) {
            // ranges that do not ascend, a bad version, and answers to sessions never started
            List<Message> hostile = new java.util.ArrayList<>();
            hostile.add(new DbMessages.Recon(kv.address(), 1, new byte[] {0x61, 5, 0, 0, 5, 0, 0}));
            hostile.add(new DbMessages.Recon(kv.address(), 2, new byte[] {0x60}));
            for (int i = 0; i < 8; i++) {
                hostile.add(new DbMessages.ReconReply(kv.address(), 999_999, new byte[] {Reconciler.VERSION}));
            }
            c.flood(hostile);
            refusedAndHonestPeerServed(c, before);
        }
    }

    @Test
    void headsWhoseEntriesAreNeverServedCostTheSenderItsConnection() throws Exception {
        long before = kv.size();
        try (AttackClient c = attacker()) {
            byte[] bogus = new byte[32];
            new SecureRandom().nextBytes(bogus);
            c.send(new DbMessages.Heads(kv.address(), 1, List.of(bogus)));
            // the node reconciles with the attacker, who never answers: dropped after the request timeout (30 s)
            refusedAndHonestPeerServed(c, before, 60);
        }
    }

    @Test
    void aFloodOfReconciliationRequestsIsCutOff() throws Exception {
        long before = kv.size();
        try (AttackClient c = attacker()) {
            byte[] everything = new byte[] {Reconciler.VERSION, 0, 0, 2, 0};
            List<Message> requests = new java.util.ArrayList<>();
            for (int i = 0; i < 400; i++) {
                requests.add(new DbMessages.Recon(kv.address(), i, everything));
            }
            c.flood(requests);
            refusedAndHonestPeerServed(c, before);
        }
    }
}
