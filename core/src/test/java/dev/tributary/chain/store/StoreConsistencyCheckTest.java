package dev.tributary.chain.store;

import dev.tributary.sync.MainnetChain;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.bytes.ByteWriter;
import dev.tributary.bytes.Hash;
import dev.tributary.chain.HeaderSyncData;
import dev.tributary.store.InMemoryKeyValueStore;
import dev.tributary.store.WriteBatch;
import dev.tributary.chain.BlockHeader;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The checker on a consistent real chain (headers 0..10236, bodies 0..438), then on copies broken one
 * way at a time through the raw key-value store beneath.
 */
class StoreConsistencyCheckTest {
    private static final List<HeaderSyncData> HEADERS = MainnetChain.headers();
    private static final List<byte[]> BLOCKS = MainnetChain.blocks();

    private InMemoryKeyValueStore raw;
    private KeyValueSyncPersist persist;

    @BeforeEach
    void saveTheRealChain() {
        raw = new InMemoryKeyValueStore();
        persist = KeyValueSyncPersist.open(raw, "mainnet");
        SyncPersistContract.saveEverything(persist);
    }

    private static Hash hashAt(int height) {
        return HEADERS.get(height).hash();
    }

    private static String name(int height) {
        return height + " (" + hashAt(height) + ")";
    }

    @Test
    void theRealChainIsConsistent() {
        assertThat(StoreConsistencyCheck.check(persist)).isEmpty();
    }

    @Test
    void aMissingParentIsFound() {
        SegmentSurgery.removeHeader(raw, HEADERS, 5000);
        assertThat(StoreConsistencyCheck.check(persist)).containsExactly(
                "header " + name(5001) + ": its parent " + hashAt(5000) + " is not stored");
    }

    private void deleteBlock(int height) {
        raw.write(new WriteBatch().delete(ChainStoreLayout.blockKey(hashAt(height)))
                .delete(ChainStoreLayout.presenceKey(hashAt(height))));
    }

    @Test
    void aMissingBodyBelowTheBlockTipIsFound() {
        deleteBlock(100);
        assertThat(StoreConsistencyCheck.check(persist)).containsExactly(
                "block " + name(100) + " is at or below the block tip " + hashAt(438) + " but its body is not stored");
    }

    @Test
    void aBodyThatHasBlockDoesNotSeeIsFound() {
        raw.delete(ChainStoreLayout.presenceKey(hashAt(200)));
        assertThat(StoreConsistencyCheck.check(persist)).containsExactly(
                "block " + name(200) + ": hasBlock says false but getBlock finds its body");
    }

    @Test
    void aBodyMissingWhereHasBlockSeesOneIsFoundTwice() {
        raw.delete(ChainStoreLayout.blockKey(hashAt(300)));
        assertThat(StoreConsistencyCheck.check(persist)).containsExactly(
                "block " + name(300) + ": hasBlock says true but getBlock does not find its body",
                "block " + name(300) + " is at or below the block tip " + hashAt(438) + " but its body is not stored");
    }

    @Test
    void aBodyOfAnotherBlockIsFound() {
        raw.put(ChainStoreLayout.blockKey(hashAt(0)), BLOCKS.get(1));
        assertThat(StoreConsistencyCheck.check(persist)).containsExactly(
                "block " + name(0) + ": the body stored for it is another block's");
    }

    @Test
    void aHeightThatDoesNotFollowItsParentIsFound() {
        HeaderSyncData h = HEADERS.get(7000);
        SegmentSurgery.removeHeader(raw, HEADERS, 7000);
        SegmentSurgery.addAlone(raw, new HeaderSyncData(h.header(), 7005, h.chainWork()));
        assertThat(StoreConsistencyCheck.check(persist)).containsExactlyInAnyOrder(
                "header 7005 (" + h.hash() + "): height 7005 does not follow its parent's 6999",
                "header " + name(7001) + ": height 7001 does not follow its parent's 7005");
    }

    @Test
    void chainWorkThatDoesNotGrowIsFound() {
        HeaderSyncData h = HEADERS.get(8000);
        BigInteger parentWork = HEADERS.get(7999).chainWork();
        SegmentSurgery.replaceRecord(raw, HEADERS, 8000, new HeaderSyncData(h.header(), 8000, parentWork));
        assertThat(StoreConsistencyCheck.check(persist)).containsExactly(
                "header " + name(8000) + ": chain work " + parentWork + " is not above its parent's " + parentWork);
    }

    @Test
    void aTipThatIsNotAStoredHeaderIsFound() {
        Hash unknown = Hash.fromDisplayHex("00000000000000000000000000000000000000000000000000000000deadbeef");
        raw.put(ChainStoreLayout.MAIN_TIP, unknown.toBytes());
        assertThat(StoreConsistencyCheck.check(persist)).containsExactly(
                "the main tip " + unknown + " is not a stored header");
    }

    @Test
    void aCorruptEntryIsOneProblemNamingIt() {
        raw.put(HeaderSegments.key(3, hashAt(3).toBytes(), 0, 1), new byte[5]);
        assertThat(StoreConsistencyCheck.check(persist)).containsExactly("the chain does not load: corrupt chain "
                + "store (in-memory store): the entry g:3:" + hashAt(3) + ":1 has a value of 5 bytes, not 1 record of 112");
    }

    /**
     * After a reorganisation the main tip is on the new branch while the block tip waits on the old one for
     * the new bodies: consistent. Here a side branch forks after height 400, and the block tip is its tip.
     */
    @Test
    void aBlockTipOnAnotherBranchThanTheMainTipIsConsistent() {
        HeaderSyncData parent = HEADERS.get(400);
        for (int i = 0; i < 3; i++) {
            BlockHeader header = new BlockHeader(1, parent.hash(), Hash.ZERO, parent.header().time() + 600,
                    parent.header().bits(), 1000 + i);
            HeaderSyncData side = new HeaderSyncData(header, parent.height() + 1,
                    parent.chainWork().add(MainnetChain.workOf(header.bits())));
            persist.saveBlockchain(List.of(side));
            byte[] body = new ByteWriter().writeBytes(header.serialize()).writeVarInt(0).toByteArray();
            persist.saveBlockAndSetBlockTip(side.hash(), body, side);
            parent = side;
        }
        assertThat(persist.loadBlockchain().blockTip()).contains(parent.hash());
        assertThat(persist.loadBlockchain().mainTip()).contains(hashAt(10236));
        assertThat(StoreConsistencyCheck.check(persist)).isEmpty();

        deleteBlock(399);
        assertThat(StoreConsistencyCheck.check(persist)).singleElement().asString().startsWith("block " + name(399));
    }
}
