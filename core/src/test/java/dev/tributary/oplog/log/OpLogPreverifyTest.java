package dev.tributary.oplog.log;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.oplog.entry.Entry;
import dev.tributary.oplog.identity.LocalIdentity;
import dev.tributary.oplog.store.OplogStore;
import dev.tributary.store.InMemoryKeyValueStore;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Verification ahead of a join ({@link OpLog#preverify}): it counts the entries whose writer is not known yet, verifies
 * them once the writer is, and does not verify an entry twice.
 */
class OpLogPreverifyTest {
    private static final String LOG = "/orbitdb/zdpuAkstgbTVGHQmMi5TC84auhJ8rL5qoaNEtXo2d5PHXs2To";
    private final LocalIdentity alice = TestWriters.writer(0);
    private final LocalIdentity bob = TestWriters.writer(1);

    @Test
    void entriesOfAnUnknownWriterAreCountedThenVerifiedOnceTheWriterIsKnown() {
        Set<String> ids = Set.of(alice.identity().id(), bob.identity().id());
        WriteAccess access = (entry, identity) -> ids.contains(identity.id());
        OplogStore aliceStore = OplogStore.on(new InMemoryKeyValueStore());
        OpLog aliceLog = OpLog.open(aliceStore, LOG, alice, access, EntryApplier.NONE);
        Entry a1 = aliceLog.append("a1");
        Entry a2 = aliceLog.append("a2");
        OpLog bobLog = OpLog.open(OplogStore.on(new InMemoryKeyValueStore()), LOG, bob, access, EntryApplier.NONE);

        assertThat(bobLog.preverify(List.of(a1, a2))).as("alice's identity is not at bob's yet").isEqualTo(2);
        assertThat(bobLog.takePreverified(a1.cid())).isFalse();

        bobLog.identities().remember(alice.identity());
        assertThat(bobLog.preverify(List.of(a1, a2))).isZero();
        assertThat(bobLog.preverify(List.of(a1, a2))).as("verified already: skipped, nothing left").isZero();
        assertThat(bobLog.takePreverified(a1.cid())).isTrue();
        assertThat(bobLog.takePreverified(a2.cid())).isTrue();
        assertThat(bobLog.takePreverified(a2.cid())).as("a join takes it once").isFalse();
    }
}
