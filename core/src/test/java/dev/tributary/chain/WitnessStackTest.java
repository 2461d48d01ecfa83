package dev.tributary.chain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.bytes.ByteWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A witness stack read from the wire stays serialized: it reads back item by item and writes back as it came. */
class WitnessStackTest {

    @Test
    void aTransactionOfManyEmptyWitnessItemsRoundTripsAndReadsItemByItem() {
        int items = 100_000;
        byte[] bytes = new ByteWriter().writeInt32LE(2).writeUInt8(0).writeUInt8(1).writeVarInt(1)
                .writeBytes(new byte[36]).writeVarInt(0).writeUInt32LE(0).writeVarInt(1).writeInt64LE(5).writeVarInt(0)
                .writeVarInt(items).writeBytes(new byte[items]).writeUInt32LE(0).toByteArray();
        Transaction tx = Transaction.parse(bytes);
        List<byte[]> stack = tx.inputs().get(0).witness();
        assertThat(stack).isInstanceOf(WitnessStack.class).hasSize(items);
        assertThat(stack.get(items - 1)).isEmpty();
        assertThat(tx.serialize(true)).isEqualTo(bytes);
        assertThat(tx.totalSize()).isEqualTo(bytes.length);
    }

    @Test
    void itemsReadBackInOrderAndEqualStacksAreEqual() {
        byte[] bytes = new ByteWriter().writeInt32LE(2).writeUInt8(0).writeUInt8(1).writeVarInt(1)
                .writeBytes(new byte[36]).writeVarInt(0).writeUInt32LE(0).writeVarInt(1).writeInt64LE(5).writeVarInt(0)
                .writeVarInt(3).writeVarBytes(new byte[] {1}).writeVarBytes(new byte[0]).writeVarBytes(new byte[] {2, 3})
                .writeUInt32LE(0).toByteArray();
        List<byte[]> stack = Transaction.parse(bytes).inputs().get(0).witness();
        assertThat(stack).containsExactly(new byte[] {1}, new byte[0], new byte[] {2, 3});
        assertThat(stack.get(2)).containsExactly(2, 3);
        assertThat(Transaction.parse(bytes).inputs().get(0).witness()).isEqualTo(stack);
        assertThat(Transaction.parse(bytes).inputs().get(0).witness().hashCode()).isEqualTo(stack.hashCode());
    }
}
