package dev.tributary.wire;

import dev.tributary.chain.Block;
import dev.tributary.chain.BlockHeader;
import dev.tributary.chain.MerkleTree;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.bytes.ByteReader;
import dev.tributary.bytes.Hash;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MainnetDataSanityTest {
    static byte[] resource(String name) throws IOException {
        try (InputStream in = MainnetDataSanityTest.class.getResourceAsStream("/mainnet/" + name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void blocksFileParsesAndEveryMerkleRootRecomputes() throws IOException {
        byte[] data = resource("blocks-0-438.dat");
        ByteReader in = new ByteReader(data);
        List<Block> blocks = new ArrayList<>();
        while (in.remaining() > 0) {
            assertThat(in.readInt32LE()).isEqualTo(0xd9b4bef9);
            int len = in.readInt32LE();
            byte[] raw = in.readBytes(len);
            Block b = Block.parse(raw);
            assertThat(b.serialize()).isEqualTo(raw);
            blocks.add(b);
        }
        assertThat(blocks).hasSize(439);
        assertThat(blocks.stream().mapToInt(b -> b.transactions().size()).sum()).isEqualTo(446);
        assertThat(blocks.get(0).hash())
                .isEqualTo(Hash.fromDisplayHex("000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f"));
        assertThat(blocks.get(438).hash())
                .isEqualTo(Hash.fromDisplayHex("0000000025c6b644f8add734be7e666fa4afa43ca0204d623a0c0b1fd2104c7a"));
        for (Block b : blocks) {
            MerkleTree.Root root = b.computeMerkleRoot();
            assertThat(root.root()).isEqualTo(b.header().merkleRoot());
            assertThat(root.mutated()).isFalse();
            assertThat(b.transactions().get(0).isCoinbase()).isTrue();
        }
    }

    @Test
    void headersFileLinks() throws IOException {
        byte[] data = resource("headers-0-10236.bin");
        ByteReader in = new ByteReader(data);
        Hash prev = Hash.ZERO;
        int n = 0;
        BlockHeader last = null;
        while (in.remaining() > 0) {
            last = BlockHeader.read(in);
            assertThat(last.prevHash()).isEqualTo(prev);
            prev = last.hash();
            n++;
        }
        assertThat(n).isEqualTo(10237);
        assertThat(last.hash().toString()).isEqualTo("000000004f74d42205b9d7ae1cb5c1591e723894a71358fce73b7e0919628161");
    }
}
