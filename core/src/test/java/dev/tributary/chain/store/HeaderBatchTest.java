package dev.tributary.chain.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.chain.HeaderBatch;
import dev.tributary.chain.HeaderSyncData;
import dev.tributary.store.InMemoryKeyValueStore;
import dev.tributary.sync.MainnetChain;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class HeaderBatchTest {
    private static final List<HeaderSyncData> HEADERS = MainnetChain.headers();

    @Test
    void aBatchHoldsTheEntriesItWasMadeFrom() {
        List<HeaderSyncData> entries = HEADERS.subList(0, 500);
        List<HeaderSyncData> batch = HeaderBatch.of(entries);
        assertThat(batch).isInstanceOf(HeaderBatch.class).isEqualTo(entries);
        assertThat(HeaderBatch.of(batch)).isSameAs(batch);
        assertThat(HeaderBatch.immutable(batch)).isSameAs(batch);
        for (int i = 0; i < entries.size(); i++) {
            assertThat(batch.get(i).chainWork()).isEqualTo(entries.get(i).chainWork());
            assertThat(batch.get(i).header().hash()).isEqualTo(entries.get(i).hash());
        }
    }

    @Test
    void batchesConcatenateInOrder() {
        List<HeaderSyncData> all = HeaderBatch.concat(List.of(HeaderBatch.of(HEADERS.subList(0, 3)),
                HeaderBatch.of(List.of()), HeaderBatch.of(HEADERS.subList(3, 10))));
        assertThat(all).isInstanceOf(HeaderBatch.class).isEqualTo(HEADERS.subList(0, 10));
        List<HeaderSyncData> mixed = HeaderBatch.concat(List.of(HeaderBatch.of(HEADERS.subList(0, 3)), HEADERS.subList(3, 5)));
        assertThat(mixed).isEqualTo(HEADERS.subList(0, 5));
    }

    @Test
    void aChainWorkBeyond128BitsKeepsTheEntriesAsObjects() {
        HeaderSyncData huge = new HeaderSyncData(HEADERS.get(0).header(), 0, BigInteger.ONE.shiftLeft(200));
        List<HeaderSyncData> kept = HeaderBatch.of(List.of(huge));
        assertThat(kept).isNotInstanceOf(HeaderBatch.class).containsExactly(huge);
        assertThat(kept.get(0).chainWork()).isEqualTo(BigInteger.ONE.shiftLeft(200));
    }

    @Test
    void theStoreWritesTheSameBytesFromABatchAsFromEntryObjects() {
        assertThat(stored(HeaderBatch.of(HEADERS.subList(0, 300)))).isEqualTo(stored(new ArrayList<>(HEADERS.subList(0, 300))));
    }

    @Test
    void batchesReadAsOneListWithoutCopying() {
        List<HeaderBatch> parts = List.of((HeaderBatch) HeaderBatch.of(HEADERS.subList(0, 45)),
                (HeaderBatch) HeaderBatch.of(List.of()), (HeaderBatch) HeaderBatch.of(HEADERS.subList(45, 200)),
                (HeaderBatch) HeaderBatch.of(HEADERS.subList(200, 300)));
        ConcatenatedBatches all = new ConcatenatedBatches(parts);
        assertThat(all).hasSize(300).isEqualTo(HEADERS.subList(0, 300));
        assertThat(all.get(299)).isEqualTo(HEADERS.get(299)); // out of order: found by the search
        assertThat(all.get(0)).isEqualTo(HEADERS.get(0));
        byte[] scratch = new byte[32];
        for (int i = 1; i < 300; i++) {
            assertThat(all.followsPrevious(i, scratch)).as("entry %d", i).isTrue();
            assertThat(all.height(i)).isEqualTo(HEADERS.get(i).height());
        }
        ConcatenatedBatches gap = new ConcatenatedBatches(List.of((HeaderBatch) HeaderBatch.of(HEADERS.subList(0, 3)),
                (HeaderBatch) HeaderBatch.of(HEADERS.subList(4, 6))));
        assertThat(gap.followsPrevious(3, scratch)).isFalse();
        assertThat(stored(all)).isEqualTo(stored(new ArrayList<>(HEADERS.subList(0, 300))));
    }

    private static Map<String, String> stored(List<HeaderSyncData> headers) {
        InMemoryKeyValueStore raw = new InMemoryKeyValueStore();
        try (KeyValueSyncPersist p = KeyValueSyncPersist.open(raw, "mainnet")) {
            p.saveBlockchainAndSetMainTip(headers, headers.get(headers.size() - 1));
            Map<String, String> all = new TreeMap<>();
            raw.scanPrefix(new byte[0], (k, v) -> {
                all.put(HexFormat.of().formatHex(k), HexFormat.of().formatHex(v));
                return true;
            });
            assertThat(all).as("ten segments of up to 32 headers, version, network, main tip").hasSize(10 + 3);
            return all;
        }
    }
}
