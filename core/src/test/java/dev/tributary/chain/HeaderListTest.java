package dev.tributary.chain;

import static dev.tributary.wire.WireFixtures.mainnetHeaders;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.bytes.ByteReader;
import dev.tributary.bytes.ByteWriter;
import dev.tributary.bytes.MalformedDataException;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeaderListTest {
    private static final List<BlockHeader> HEADERS = mainnetHeaders(5);

    private static byte[] wire(List<BlockHeader> headers, int txCount) {
        ByteWriter out = new ByteWriter();
        for (BlockHeader h : headers) {
            h.write(out);
            out.writeVarInt(txCount);
        }
        return out.toByteArray();
    }

    @Test
    void readsHeadersAndHashesThemOnce() {
        HeaderList list = HeaderList.read(new ByteReader(wire(HEADERS, 0)), HEADERS.size());
        assertThat(list).isEqualTo(HEADERS).hasSameHashCodeAs(HEADERS);
        for (int i = 0; i < HEADERS.size(); i++) {
            assertThat(list.get(i).hash()).isEqualTo(HEADERS.get(i).hash());
            assertThat(list.hash(i)).isEqualTo(HEADERS.get(i).hash());
            assertThat(list.prevHash(i)).isEqualTo(HEADERS.get(i).prevHash());
            assertThat(list.bits(i)).isEqualTo(HEADERS.get(i).bits());
            assertThat(list.time(i)).isEqualTo(HEADERS.get(i).time());
            assertThat(list.version(i)).isEqualTo(HEADERS.get(i).version());
            assertThat(list.hashLimb(i, 3)).isEqualTo(HEADERS.get(i).hash().limb(3));
        }
        assertThat(list.follows(1, 0)).isTrue();
        assertThat(list.follows(2, 0)).isFalse();
    }

    @Test
    void copiesAListOfHeaderObjects() {
        HeaderList list = HeaderList.of(HEADERS);
        assertThat(list).isEqualTo(HEADERS);
        assertThat(HeaderList.of(list)).isSameAs(list);
        assertThatThrownBy(() -> list.set(0, HEADERS.get(1))).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void rejectsTransactionsAndTruncation() {
        assertThatThrownBy(() -> HeaderList.read(new ByteReader(wire(HEADERS, 1)), HEADERS.size()))
                .isInstanceOf(MalformedDataException.class).hasMessageContaining("declares 1 transactions");
        byte[] bytes = wire(HEADERS, 0);
        assertThatThrownBy(() -> HeaderList.read(new ByteReader(java.util.Arrays.copyOf(bytes, 81 * 4 + 40)), 5))
                .isInstanceOf(MalformedDataException.class).hasMessageContaining("truncated");
    }
}
