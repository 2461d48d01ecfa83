package dev.tributary.chain.store;

import dev.tributary.sync.MainnetChain;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.bytes.Hash;
import dev.tributary.chain.HeaderSyncData;
import dev.tributary.store.StoreException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link SyncPersist}'s contract over real mainnet data; each implementation's test extends this class. */
abstract class SyncPersistContract {
    static final List<HeaderSyncData> HEADERS = MainnetChain.headers();
    static final List<byte[]> BLOCKS = MainnetChain.blocks();

    protected SyncPersist persist;

    /** A new, empty chain store for mainnet. */
    protected abstract SyncPersist newPersist();

    @BeforeEach
    void open() {
        persist = newPersist();
    }

    @AfterEach
    void close() {
        persist.close();
    }

    static Hash hashAt(int height) {
        return HEADERS.get(height).hash();
    }

    /** Saves every header in batches of 2000, every block, and sets both tips. */
    static void saveEverything(SyncPersist p) {
        for (int from = 0; from < HEADERS.size(); from += 2000) {
            p.saveBlockchain(HEADERS.subList(from, Math.min(HEADERS.size(), from + 2000)));
        }
        p.setMainTip(HEADERS.get(HEADERS.size() - 1));
        for (int i = 0; i < BLOCKS.size(); i++) {
            p.saveBlockAndSetBlockTip(hashAt(i), BLOCKS.get(i), HEADERS.get(i));
        }
    }

    static void assertHoldsEverything(SyncPersist p) {
        SyncPersist.StoredChain chain = p.loadBlockchain();
        List<HeaderSyncData> loaded = new ArrayList<>(chain.headers());
        loaded.sort(Comparator.comparingInt(HeaderSyncData::height));
        assertThat(loaded).isEqualTo(HEADERS);
        // HeaderSyncData's header compares by hash only: compare the bytes and numbers too.
        for (int i = 0; i < loaded.size(); i += 997) {
            assertThat(loaded.get(i).header().serialize()).isEqualTo(HEADERS.get(i).header().serialize());
        }
        assertThat(loaded.get(2000).chainWork()).isEqualTo(new BigInteger("8594360698833"));
        assertThat(loaded.get(10236).chainWork()).isEqualTo(new BigInteger("43968251111421"));
        assertThat(chain.mainTip()).contains(hashAt(10236));
        assertThat(chain.blockTip()).contains(hashAt(438));
        assertThat(p.getHeaderSync(hashAt(5000))).contains(HEADERS.get(5000));
        assertThat(p.getBlock(hashAt(438))).hasValueSatisfying(b -> assertThat(b).isEqualTo(BLOCKS.get(438)));
        assertThat(p.hasBlock(hashAt(438))).isTrue();
        assertThat(p.hasBlock(hashAt(439))).isFalse();
        assertThat(p.getBlock(hashAt(439))).isEmpty();
        assertThat(StoreConsistencyCheck.check(p)).isEmpty();
    }

    @Test
    void anEmptyStoreLoadsEmpty() {
        SyncPersist.StoredChain chain = persist.loadBlockchain();
        assertThat(chain.isEmpty()).isTrue();
        assertThat(chain.mainTip()).isEmpty();
        assertThat(chain.blockTip()).isEmpty();
        assertThat(persist.getHeaderSync(hashAt(0))).isEmpty();
        assertThat(StoreConsistencyCheck.check(persist)).isEmpty();
    }

    @Test
    void realHeadersAndBlocksComeBackAsSaved() {
        saveEverything(persist);
        assertHoldsEverything(persist);
    }

    @Test
    void savingHeadersAgainChangesNothing() {
        persist.saveBlockchain(HEADERS.subList(0, 100));
        persist.saveBlockchain(HEADERS.subList(0, 50)); // includes the start header, whose parent is unknown
        persist.saveBlockchain(HEADERS.subList(90, 200));
        assertThat(persist.loadBlockchain().headers()).hasSize(200);
    }

    @Test
    void aChainMayStartAboveGenesis() {
        persist.saveBlockchain(HEADERS.subList(5000, 5010));
        persist.setMainTip(HEADERS.get(5009));
        assertThat(persist.loadBlockchain().headers()).hasSize(10);
        assertThat(StoreConsistencyCheck.check(persist)).isEmpty();
    }

    @Test
    void aHeaderWhoseParentIsUnknownIsRefusedAndNothingOfItsCallIsStored() {
        persist.saveBlockchain(HEADERS.subList(0, 100));
        List<HeaderSyncData> gap = new ArrayList<>(HEADERS.subList(100, 110));
        gap.addAll(HEADERS.subList(111, 120));
        assertThatThrownBy(() -> persist.saveBlockchain(gap))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("header " + hashAt(111) + " at height 111")
                .hasMessageContaining("its parent " + hashAt(110) + " is neither stored nor in the same save");
        assertThat(persist.loadBlockchain().headers()).hasSize(100);
        assertThat(persist.getHeaderSync(hashAt(105))).isEmpty();
    }

    @Test
    void anEmptyStoreAcceptsOneStartOnly() {
        List<HeaderSyncData> twoStarts = List.of(HEADERS.get(0), HEADERS.get(1), HEADERS.get(7), HEADERS.get(8));
        assertThatThrownBy(() -> persist.saveBlockchain(twoStarts))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("header " + hashAt(7));
        assertThat(persist.loadBlockchain().isEmpty()).isTrue();
    }

    @Test
    void aNegativeOrOversizedChainWorkIsRefused() {
        HeaderSyncData g = HEADERS.get(0);
        assertThatThrownBy(() -> persist.saveBlockchain(List.of(new HeaderSyncData(g.header(), 0, BigInteger.ONE.negate()))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> persist.saveBlockchain(List.of(new HeaderSyncData(g.header(), 0,
                BigInteger.ONE.shiftLeft(256))))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> persist.saveBlockchain(List.of(new HeaderSyncData(g.header(), -1, BigInteger.ONE))))
                .isInstanceOf(IllegalArgumentException.class);
        BigInteger max = BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE);
        persist.saveBlockchain(List.of(new HeaderSyncData(g.header(), 0, max)));
        assertThat(persist.getHeaderSync(g.hash()).orElseThrow().chainWork()).isEqualTo(max);
    }

    @Test
    void aTipMustBeAStoredHeader() {
        persist.saveBlockchain(HEADERS.subList(0, 10));
        persist.setMainTip(HEADERS.get(9));
        assertThatThrownBy(() -> persist.setMainTip(HEADERS.get(10)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot make " + hashAt(10) + " the main tip: its header is not stored");
        assertThat(persist.loadBlockchain().mainTip()).contains(hashAt(9));
        assertThatThrownBy(() -> persist.setBlockTip(HEADERS.get(10))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theBlockTipNeedsItsBody() {
        persist.saveBlockchain(HEADERS.subList(0, 10));
        assertThatThrownBy(() -> persist.setBlockTip(HEADERS.get(0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot make " + hashAt(0) + " the block tip: its body is not stored");
        assertThatThrownBy(() -> persist.saveBlockAndSetBlockTip(hashAt(0), BLOCKS.get(0), HEADERS.get(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(persist.hasBlock(hashAt(0))).as("nothing of a refused call is written").isFalse();

        persist.saveBlock(hashAt(1), BLOCKS.get(1));
        persist.saveBlockAndSetBlockTip(hashAt(0), BLOCKS.get(0), HEADERS.get(1)); // tip's body stored earlier
        persist.setBlockTip(HEADERS.get(0));
        assertThat(persist.loadBlockchain().blockTip()).contains(hashAt(0));
    }

    @Test
    void aBlockMustBeTheBlockItIsSavedAs() {
        assertThatThrownBy(() -> persist.saveBlock(hashAt(1), BLOCKS.get(2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the block given for " + hashAt(1) + " is block " + hashAt(2));
        assertThatThrownBy(() -> persist.saveBlock(hashAt(1), new byte[79]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(persist.hasBlock(hashAt(1))).isFalse();
        persist.saveBlock(hashAt(1), BLOCKS.get(1));
        assertThat(persist.hasBlock(hashAt(1))).isTrue();
    }

    @Test
    void aClosedStoreRefusesCalls() {
        persist.close();
        assertThatThrownBy(() -> persist.loadBlockchain()).isInstanceOf(StoreException.class);
        assertThatThrownBy(() -> persist.hasBlock(hashAt(0))).isInstanceOf(StoreException.class);
        persist.close();
    }
}
