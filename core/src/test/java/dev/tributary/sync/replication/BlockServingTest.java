package dev.tributary.sync.replication;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.oplog.cid.Cid;
import dev.tributary.oplog.store.OplogStore;
import dev.tributary.store.InMemoryKeyValueStore;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BlockServingTest {
    /** A dag-cbor block: a byte string of {@code size} bytes, each {@code fill}. */
    private static byte[] block(int size, int fill) {
        byte[] b = new byte[5 + size];
        b[0] = 0x5a; // major type 2, 4-byte length
        b[1] = (byte) (size >>> 24);
        b[2] = (byte) (size >>> 16);
        b[3] = (byte) (size >>> 8);
        b[4] = (byte) size;
        java.util.Arrays.fill(b, 5, b.length, (byte) fill);
        return b;
    }

    @Test
    void servesStoredBlocksListsTheRestAsMissingAndStopsAtTheMessageSize() {
        OplogStore store = OplogStore.on(new InMemoryKeyValueStore());
        List<byte[]> digests = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            byte[] b = block(3 << 20, i); // 3 MiB each: two fit in one 8 MiB answer
            Cid cid = Cid.of(b);
            store.putBlock(cid, b);
            digests.add(cid.digest());
        }
        byte[] absent = Cid.of(block(10, 9)).digest();
        digests.add(absent);

        DbMessages.Blocks answer = BlockServing.answer(store, new DbMessages.Want("/orbitdb/x", digests), true);

        assertThat(answer.blocks()).extracting(DbMessages.Block::digest).containsExactly(digests.get(0), digests.get(1));
        assertThat(answer.missing()).containsExactly(absent);
    }

    @Test
    void aDatabaseNotServedHereHasEveryBlockMissing() {
        OplogStore store = OplogStore.on(new InMemoryKeyValueStore());
        byte[] b = block(10, 1);
        store.putBlock(Cid.of(b), b);
        List<byte[]> digests = List.of(Cid.of(b).digest());

        DbMessages.Blocks answer = BlockServing.answer(store, new DbMessages.Want("/orbitdb/x", digests), false);

        assertThat(answer.blocks()).isEmpty();
        assertThat(answer.missing()).containsExactlyElementsOf(digests);
    }
}
