package dev.tributary.oplog.log;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.oplog.cbor.DagCbor;
import dev.tributary.oplog.cid.Cid;
import dev.tributary.oplog.entry.Clock;
import dev.tributary.oplog.entry.Entry;
import dev.tributary.oplog.entry.EntryRejectReason;
import dev.tributary.oplog.identity.LocalIdentity;
import dev.tributary.oplog.store.OplogStore;
import dev.tributary.store.InMemoryKeyValueStore;
import dev.tributary.store.ByteKeys;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Joins of tampered entries: each is refused with its reason, and the store is byte for byte what it was.
 * Alice and Bob may write; Carol may not.
 */
class OpLogJoinTest {
    private static final String LOG = "/orbitdb/zdpuAkstgbTVGHQmMi5TC84auhJ8rL5qoaNEtXo2d5PHXs2To";
    private final LocalIdentity alice = TestWriters.writer(0);
    private final LocalIdentity bob = TestWriters.writer(1);
    private final LocalIdentity carol = TestWriters.writer(2);

    private OplogStore aliceStore;
    private OpLog aliceLog;
    private OplogStore bobStore;
    private OpLog bobLog;

    @BeforeEach
    void setUp() {
        WriteAccess access = writers(alice, bob);
        aliceStore = OplogStore.on(new InMemoryKeyValueStore());
        aliceLog = OpLog.open(aliceStore, LOG, alice, access, EntryApplier.NONE);
        bobStore = OplogStore.on(new InMemoryKeyValueStore());
        bobLog = OpLog.open(bobStore, LOG, bob, access, EntryApplier.NONE);
        aliceLog.append("a1");
        aliceLog.append("a2");
    }

    /** Everything Alice's store holds, for before/after comparisons. */
    private List<String> snapshot(OplogStore store) {
        List<String> out = new ArrayList<>();
        store.keyValueStore().scan(new byte[0], null, (k, v) -> out.add(ByteKeys.hex(k) + "=" + ByteKeys.hex(v)));
        return out;
    }

    /** A source with every block of both stores, plus extra blocks. */
    private BlockSource source(Map<Cid, byte[]> extra) {
        return cids -> {
            Map<Cid, byte[]> out = new HashMap<>();
            for (Cid c : cids) {
                byte[] b = extra.containsKey(c) ? extra.get(c) : aliceStore.block(c).or(() -> bobStore.block(c)).orElse(null);
                if (b != null) {
                    out.put(c, b);
                }
            }
            return java.util.concurrent.CompletableFuture.completedFuture(out);
        };
    }

    @SuppressWarnings("unchecked")
    private static byte[] tamper(Entry e, Consumer<Map<String, Object>> change) {
        Map<String, Object> m = new LinkedHashMap<>((Map<String, Object>) DagCbor.decode(e.bytes()));
        change.accept(m);
        return DagCbor.encode(m);
    }

    private void assertRejected(Entry head, BlockSource source, dev.tributary.validation.Verdict.Reason reason, String messagePart) {
        List<String> aliceBefore = snapshot(aliceStore);
        JoinResult r = aliceLog.join(head, source).join();
        assertThat(r).isInstanceOf(JoinResult.Rejected.class);
        JoinResult.Rejected rejected = (JoinResult.Rejected) r;
        assertThat(rejected.reason()).as(rejected.message()).isEqualTo(reason);
        assertThat(rejected.message()).contains(messagePart);
        assertThat(snapshot(aliceStore)).as("nothing stored").isEqualTo(aliceBefore);
    }

    /** Bob's log has Alice's entries and one of his own on top. */
    private Entry bobOnTopOfAlice() {
        assertThat(bobLog.joinAll(aliceLog.heads(), source(Map.of())).join().isRejected()).isFalse();
        return bobLog.append("b1");
    }

    @Test
    void anHonestJoinFetchesTheMissingAncestors() {
        Entry b2 = bobOnTopOfAlice();
        Entry a3 = aliceLog.append("a3");
        JoinResult r = aliceLog.join(b2, source(Map.of())).join();
        assertThat(r).isEqualTo(new JoinResult.Joined(1));
        assertThat(aliceLog.heads()).extracting(Entry::cid).containsExactlyInAnyOrder(a3.cid(), b2.cid());
        assertThat(aliceLog.join(b2, source(Map.of())).join()).isInstanceOf(JoinResult.AlreadyKnown.class);
    }

    @Test
    void aJoinFromScratchFetchesEverythingThroughTheSource() {
        OplogStore fresh = OplogStore.on(new InMemoryKeyValueStore());
        OpLog log = OpLog.open(fresh, LOG, carol, writers(alice),
                EntryApplier.NONE);
        for (int i = 0; i < 600; i++) {
            aliceLog.append("x" + i);
        }
        List<Integer> calls = new ArrayList<>();
        BlockSource counting = cids -> {
            calls.add(cids.size());
            return source(Map.of()).fetch(cids);
        };
        JoinResult r = log.joinAll(aliceLog.heads(), counting).join();
        assertThat(r).isEqualTo(new JoinResult.Joined(602));
        assertThat(log.size()).isEqualTo(602);
        assertThat(OpLogModelTest.cids(log.iterator(LogRange.all())))
                .isEqualTo(OpLogModelTest.cids(aliceLog.iterator(LogRange.all())));
        assertThat(calls).allMatch(n -> n <= BlockSource.MAX_BATCH);
        assertThat(calls.size()).as("round trips, refs reaching 16 back").isLessThan(602 / 8);
    }

    @Test
    void payloadChanged() {
        Entry a2 = aliceLog.heads().get(0);
        Entry b = bobOnTopOfAlice();
        Entry forged = Entry.decode(tamper(b, m -> m.put("payload", "b1 changed")));
        assertRejected(forged, source(Map.of()), EntryRejectReason.BAD_SIGNATURE, forged.cid().toString());
        assertThat(a2).isNotNull();
    }

    @Test
    void signatureOfAnotherKey() {
        Entry b = bobOnTopOfAlice();
        byte[] signed = DagCbor.encode(signedPart(b));
        Entry forged = Entry.decode(tamper(b, m -> m.put("sig", carol.sign(signed))));
        assertRejected(forged, source(Map.of()), EntryRejectReason.BAD_SIGNATURE, forged.cid().toString());
    }

    @Test
    void identitySwapped() {
        Entry b = bobOnTopOfAlice();
        Entry forged = Entry.decode(tamper(b, m -> m.put("identity", alice.identity().hash())));
        assertRejected(forged, source(Map.of()), EntryRejectReason.KEY_MISMATCH, forged.cid().toString());
    }

    @Test
    void writerNotInTheAccessList() {
        OpLog carolLog = OpLog.open(OplogStore.on(new InMemoryKeyValueStore()), LOG, carol,
                WriteAccess.ANYONE, EntryApplier.NONE);
        carolLog.joinAll(aliceLog.heads(), source(Map.of())).join();
        Entry c = carolLog.append("c1");
        Map<Cid, byte[]> extra = Map.of(carol.identity().cid(), carol.identity().bytes());
        assertRejected(c, source(extra), EntryRejectReason.NO_WRITE_ACCESS, carol.identity().id());
    }

    @Test
    void wrongLogId() {
        Entry other = Entry.create(bob, "/orbitdb/another", "x", new Clock(bob.identity().publicKey(), 1), List.of(),
                List.of());
        assertRejected(other, source(Map.of()), EntryRejectReason.WRONG_LOG_ID, "/orbitdb/another");
    }

    @Test
    void clockNotAfterItsParents() {
        Entry a2 = aliceLog.heads().get(0);
        Entry sameTime = Entry.create(bob, LOG, "late", new Clock(bob.identity().publicKey(), a2.clock().time()),
                List.of(a2.cid().toString()), List.of());
        assertRejected(sameTime, source(Map.of()), EntryRejectReason.BAD_CLOCK, "clock time 2");
    }

    @Test
    void aBlockThatDoesNotMatchItsCid() {
        Entry b1 = bobOnTopOfAlice();
        Entry b2 = bobLog.append("b2");
        Entry b3 = bobLog.append("b3");
        Map<Cid, byte[]> lying = new HashMap<>();
        lying.put(b2.cid(), b1.bytes());
        lying.put(b1.cid(), b1.bytes());
        assertRejected(b3, source(lying), EntryRejectReason.CID_MISMATCH, b2.cid().toString());
    }

    @Test
    void aTamperedAncestorUnderHonestChildrenStoresNothing() {
        Entry b1 = bobOnTopOfAlice();
        byte[] forgedBytes = tamper(b1, m -> m.put("payload", "rewritten"));
        Cid forgedCid = Cid.of(forgedBytes);
        Entry child = Entry.create(bob, LOG, "child", new Clock(bob.identity().publicKey(), b1.clock().time() + 1),
                List.of(forgedCid.toString()), List.of());
        Entry grandchild = Entry.create(bob, LOG, "grandchild",
                new Clock(bob.identity().publicKey(), b1.clock().time() + 2), List.of(child.cid().toString()), List.of());
        Map<Cid, byte[]> extra = Map.of(forgedCid, forgedBytes, child.cid(), child.bytes());
        assertRejected(grandchild, source(extra), EntryRejectReason.BAD_SIGNATURE, forgedCid.toString());
    }

    @Test
    void aNonCanonicalAncestor() {
        Entry b1 = bobOnTopOfAlice();
        byte[] bytes = b1.bytes();
        int at = -1;
        for (int i = 0; i + 2 < bytes.length; i++) {
            if (bytes[i] == 0x61 && bytes[i + 1] == 'v' && bytes[i + 2] == 2) {
                at = i + 2;
            }
        }
        assertThat(at).as("the encoding of v: 2").isPositive();
        byte[] wide = new byte[bytes.length + 1];
        System.arraycopy(bytes, 0, wide, 0, at);
        wide[at] = 0x18;
        wide[at + 1] = 2;
        System.arraycopy(bytes, at + 1, wide, at + 2, bytes.length - at - 1);
        Cid wideCid = Cid.of(wide);
        Entry child = Entry.create(bob, LOG, "child", new Clock(bob.identity().publicKey(), b1.clock().time() + 1),
                List.of(wideCid.toString()), List.of());
        assertRejected(child, source(Map.of(wideCid, wide)), EntryRejectReason.NON_CANONICAL, wideCid.toString());
    }

    @Test
    void aMissingAncestor() {
        Entry b1 = bobOnTopOfAlice();
        Entry b2 = bobLog.append("b2");
        BlockSource withoutB1 = cids -> source(Map.of()).fetch(cids.stream().filter(c -> !c.equals(b1.cid())).toList());
        assertRejected(b2, withoutB1, JoinRejectReason.MISSING_ANCESTOR, b1.cid().toString());
    }

    @Test
    void aFailingSource() {
        Entry b1 = bobOnTopOfAlice();
        BlockSource broken = cids -> java.util.concurrent.CompletableFuture.failedFuture(new RuntimeException("peer gone"));
        assertRejected(b1, broken, JoinRejectReason.SOURCE_FAILED, "peer gone");
    }

    /** OrbitDB's IPFS access controller's rule: the writer's identity id is in the list. */
    static WriteAccess writers(LocalIdentity... ids) {
        List<String> list = java.util.Arrays.stream(ids).map(i -> i.identity().id()).toList();
        return (entry, identity) -> list.contains(identity.id());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> signedPart(Entry e) {
        Map<String, Object> m = new LinkedHashMap<>((Map<String, Object>) DagCbor.decode(e.bytes()));
        m.remove("key");
        m.remove("identity");
        m.remove("sig");
        return m;
    }
}
