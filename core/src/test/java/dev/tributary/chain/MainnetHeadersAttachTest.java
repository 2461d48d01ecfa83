package dev.tributary.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tributary.bytes.Hash;
import dev.tributary.testing.TestData;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The real mainnet header files attach and validate completely, with the known hashes and chain work. */
class MainnetHeadersAttachTest {
    /** A clock after every header in the data. */
    private static final long NOW = 2_000_000_000L;

    @Test
    void headersFromGenesisAttachWithTheKnownChainWork() {
        List<BlockHeader> headers = TestData.headers("headers-0-10236.bin");
        BlockIndex index = BlockIndex.fromGenesis(NetworkParameters.MAINNET);

        AttachResult result = new HeaderChainAttacher(index).attach(headers, NOW);

        assertThat(result.isComplete()).as(result.rejection().toString()).isTrue();
        assertThat(result.alreadyKnown()).isEqualTo(1); // genesis
        assertThat(result.accepted()).hasSize(10236);
        HeaderSyncData tip = index.tip();
        assertThat(tip.height()).isEqualTo(10236);
        assertThat(tip.hash()).hasToString("000000004f74d42205b9d7ae1cb5c1591e723894a71358fce73b7e0919628161");
        assertThat(tip.chainWork()).isEqualTo(new BigInteger("43968251111421"));
        HeaderSyncData h2000 = index.mainChainAt(2000).orElseThrow();
        assertThat(h2000.hash()).hasToString("00000000dfd5d65c9d8561b4b8f60a63018fe3933ecb131fb37f905f87da951a");
        assertThat(h2000.chainWork()).isEqualTo(new BigInteger("8594360698833"));
        assertThat(index.mainChainAt(0).orElseThrow().chainWork()).isEqualTo(BigInteger.valueOf(4295032833L));
        assertThat(index.mainChainAt(438).orElseThrow().chainWork()).isEqualTo(new BigInteger("1885519413687"));
        assertThat(result.tipChange()).hasValueSatisfying(c -> {
            assertThat(c.oldTip().height()).isZero();
            assertThat(c.newTip()).isEqualTo(tip);
            assertThat(c.connected()).hasSize(10236);
            assertThat(c.disconnected()).isEmpty();
        });
    }

    @Test
    void headers80001To100000AttachFromATrustedStartAcrossNineRetargets() {
        BlockIndex index = attachFromTrustedStart(TestData.headers("headers-80001-100000.bin"), 80001);
        assertThat(index.tip().height()).isEqualTo(100000);
        assertThat(index.tip().hash()).hasToString("000000000003ba27aa200b1cecaad478d2b00432346c3f1f3986da1afd33e506");
        // Ten retarget boundaries (80640 .. 98784); the first one's period starts before the file, so it is
        // checked against Core's permitted range, the nine others exactly.
        assertThat(bitsChangeHeights(index)).hasSize(10).allMatch(h -> h % 2016 == 0);
    }

    @Test
    void modernHeadersAttachFromATrustedStart() {
        BlockIndex index = attachFromTrustedStart(TestData.headers("headers-822528-830592.bin"), 822528);
        assertThat(index.tip().height()).isEqualTo(830592);
        assertThat(index.tip().hash()).hasToString("00000000000000000000506183a8b30fa3224b85e82a70416e1d594bdb632fdb");
    }

    @Test
    void largeFileAttachesIncludingItsCheckpointsWhenPresent() {
        Optional<Path> file = TestData.sharedMainnetFile("headers-150001-340000.bin");
        assumeTrue(file.isPresent(), "headers-150001-340000.bin is not in the shared data directory");
        List<BlockHeader> headers = TestData.headers(file.get());
        assertThat(headers.get(0).hash())
                .hasToString("000000000000006b1c90f01554b0aa0b2b3adbe339b175c23b8b8ce8b503a89f");

        BlockIndex index = attachFromTrustedStart(headers, 150001);

        assertThat(index.tip().height()).isEqualTo(340000);
        assertThat(index.tip().hash()).hasToString("00000000000000000d9b2508615d569e18f00c034d71474fc44a43af8d4a5003");
        int checked = 0;
        for (Map.Entry<Integer, Hash> c : NetworkParameters.MAINNET.checkpoints().entrySet()) {
            if (c.getKey() > 150001 && c.getKey() <= 340000) {
                assertThat(index.mainChainAt(c.getKey()).orElseThrow().hash()).as("checkpoint " + c.getKey())
                        .isEqualTo(c.getValue());
                checked++;
            }
        }
        assertThat(checked).isEqualTo(8);
    }

    @Test
    void aWrongCheckpointInsideTheDataIsACheckpointMismatch() {
        List<BlockHeader> headers = TestData.headers("headers-80001-100000.bin");
        NetworkParameters wrongCheckpoint = NetworkParameters.MAINNET.toBuilder()
                .checkpoints(Map.of(90000, Hash.fromDisplayHex(
                        "00000000000000000000000000000000000000000000000000000000000000aa")))
                .build();
        BlockIndex index = BlockIndex.fromTrustedStart(wrongCheckpoint, headers.get(0), 80001);

        AttachResult result = new HeaderChainAttacher(index).attach(headers.subList(1, headers.size()), NOW);

        assertThat(result.accepted()).hasSize(90000 - 80001 - 1);
        assertThat(result.rejection()).hasValueSatisfying(r -> {
            assertThat(r.verdict().reason()).contains(RejectReason.CHECKPOINT_MISMATCH);
            assertThat(r.verdict().penalty()).isEqualTo(100);
            assertThat(r.verdict().message()).contains("90000").contains(r.header().hash().toString());
        });
    }

    private static BlockIndex attachFromTrustedStart(List<BlockHeader> headers, int startHeight) {
        BlockIndex index = BlockIndex.fromTrustedStart(NetworkParameters.MAINNET, headers.get(0), startHeight);
        HeaderChainAttacher attacher = new HeaderChainAttacher(index);
        // In batches of 2000, as a peer sends them.
        for (int from = 1; from < headers.size(); from += 2000) {
            List<BlockHeader> batch = headers.subList(from, Math.min(headers.size(), from + 2000));
            AttachResult r = attacher.attach(batch, NOW);
            assertThat(r.isComplete()).as("batch at %d: %s", startHeight + from, r.rejection()).isTrue();
            assertThat(r.accepted()).hasSize(batch.size());
        }
        assertThat(index.size()).isEqualTo(headers.size());
        BigInteger expectedWork = BigInteger.ZERO;
        for (BlockHeader h : headers) {
            expectedWork = expectedWork.add(Difficulty.work(h.bits()));
        }
        assertThat(index.tip().chainWork()).isEqualTo(expectedWork);
        return index;
    }

    private static List<Integer> bitsChangeHeights(BlockIndex index) {
        List<Integer> changes = new ArrayList<>();
        for (int h = index.start().height() + 1; h <= index.tip().height(); h++) {
            if (index.mainChainAt(h).orElseThrow().header().bits() != index.mainChainAt(h - 1).orElseThrow().header().bits()) {
                changes.add(h);
            }
        }
        return changes;
    }
}
