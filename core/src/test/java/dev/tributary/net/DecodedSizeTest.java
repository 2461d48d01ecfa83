package dev.tributary.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.bytes.ByteWriter;
import dev.tributary.chain.TxInput;
import dev.tributary.chain.TxOutput;
import dev.tributary.chain.message.InventoryItem;
import dev.tributary.net.bitcoin.BitcoinMessages;
import dev.tributary.wire.DecodeResult;
import dev.tributary.wire.MessageCodec;
import dev.tributary.wire.WireLimits;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * What a decoded message keeps on the heap, per byte of its payload, for the worst payloads of each command a
 * peer can send at the largest size the codec accepts: a small multiple ({@link WireLimits#DECODED_BYTES_PER_BYTE}),
 * never what counts inside the payload declare. Measured as live heap after a GC while the messages are held.
 */
class DecodedSizeTest {
    private static final MessageCodec CODEC = BitcoinMessages.codec();

    /** A transaction of {@code size} bytes or a little less: one input whose witness stack has as many empty items as fit. */
    static byte[] txOfEmptyWitnessItems(int size) {
        int items = size - 4 - 2 - 1 - 41 - 1 - 5 - 4;
        return new ByteWriter().writeInt32LE(2).writeUInt8(0).writeUInt8(1).writeVarInt(1).writeBytes(new byte[36])
                .writeVarInt(0).writeUInt32LE(0).writeVarInt(0).writeVarInt(items).writeBytes(new byte[items])
                .writeUInt32LE(0).toByteArray();
    }

    /** A transaction whose witness stack holds one-byte items. */
    static byte[] txOfOneByteWitnessItems(int size) {
        int items = (size - 4 - 2 - 1 - 41 - 1 - 5 - 4) / 2;
        ByteWriter w = new ByteWriter().writeInt32LE(2).writeUInt8(0).writeUInt8(1).writeVarInt(1)
                .writeBytes(new byte[36]).writeVarInt(0).writeUInt32LE(0).writeVarInt(0).writeVarInt(items);
        for (int i = 0; i < items; i++) {
            w.writeUInt8(1).writeUInt8(7);
        }
        return w.writeUInt32LE(0).toByteArray();
    }

    /** A legacy transaction of as many minimal inputs as fit. */
    static byte[] txOfMinimalInputs(int size) {
        int n = (size - 4 - 5 - 1 - 4) / TxInput.MIN_SIZE;
        ByteWriter w = new ByteWriter().writeInt32LE(1).writeVarInt(n);
        for (int i = 0; i < n; i++) {
            w.writeBytes(new byte[32]).writeUInt32LE(i).writeVarInt(0).writeUInt32LE(0);
        }
        return w.writeVarInt(0).writeUInt32LE(0).toByteArray();
    }

    /** A transaction of one input and as many empty outputs as fit. */
    static byte[] txOfMinimalOutputs(int size) {
        int n = (size - 4 - 1 - 41 - 5 - 4) / TxOutput.MIN_SIZE;
        ByteWriter w = new ByteWriter().writeInt32LE(1).writeVarInt(1).writeBytes(new byte[36]).writeVarInt(0)
                .writeUInt32LE(0).writeVarInt(n);
        for (int i = 0; i < n; i++) {
            w.writeInt64LE(i).writeVarInt(0);
        }
        return w.writeUInt32LE(0).toByteArray();
    }

    /** A block of as many minimal transactions as fit. */
    static byte[] blockOfMinimalTransactions(int size) {
        int txSize = 4 + 1 + TxInput.MIN_SIZE + 1 + 4;
        int n = (size - 80 - 5) / txSize;
        ByteWriter w = new ByteWriter().writeBytes(new byte[80]).writeVarInt(n);
        for (int i = 0; i < n; i++) {
            w.writeInt32LE(1).writeVarInt(1).writeBytes(new byte[32]).writeUInt32LE(i).writeVarInt(0).writeUInt32LE(0)
                    .writeVarInt(0).writeUInt32LE(0);
        }
        return w.toByteArray();
    }

    static byte[] counted(int n, int itemSize) {
        return new ByteWriter().writeVarInt(n).writeBytes(new byte[n * itemSize]).toByteArray();
    }

    static byte[] addresses() {
        ByteWriter w = new ByteWriter().writeVarInt(WireLimits.MAX_ADDRESSES);
        for (int i = 0; i < WireLimits.MAX_ADDRESSES; i++) {
            byte[] ip = new byte[16];
            ip[0] = 0x20;
            ip[15] = (byte) i;
            w.writeUInt32LE(1).writeInt64LE(1).writeBytes(ip).writeUInt8(0x20).writeUInt8(0x8d);
        }
        return w.toByteArray();
    }

    static byte[] headers() {
        ByteWriter w = new ByteWriter().writeVarInt(WireLimits.MAX_HEADERS);
        for (int i = 0; i < WireLimits.MAX_HEADERS; i++) {
            w.writeBytes(new byte[80]).writeVarInt(0);
        }
        return w.toByteArray();
    }

    static Map<String, Supplier<byte[]>> worstPayloads() {
        Map<String, Supplier<byte[]>> m = new LinkedHashMap<>();
        m.put("tx:empty-witness-items", () -> txOfEmptyWitnessItems(WireLimits.MAX_PROTOCOL_MESSAGE));
        m.put("tx:one-byte-witness-items", () -> txOfOneByteWitnessItems(WireLimits.MAX_PROTOCOL_MESSAGE));
        m.put("tx:minimal-inputs", () -> txOfMinimalInputs(WireLimits.MAX_PROTOCOL_MESSAGE));
        m.put("tx:minimal-outputs", () -> txOfMinimalOutputs(WireLimits.MAX_PROTOCOL_MESSAGE));
        m.put("block:minimal-transactions", () -> blockOfMinimalTransactions(WireLimits.MAX_PROTOCOL_MESSAGE));
        m.put("inv", () -> counted(WireLimits.MAX_INVENTORY, InventoryItem.SIZE));
        m.put("headers", DecodedSizeTest::headers);
        m.put("addr", DecodedSizeTest::addresses);
        return m;
    }

    @Test
    void decodedMessagesKeepASmallMultipleOfTheirPayload() throws Exception {
        for (Map.Entry<String, Supplier<byte[]>> e : worstPayloads().entrySet()) {
            String command = e.getKey().split(":")[0];
            byte[] payload = e.getValue().get();
            assertThat(payload.length).as(e.getKey()).isLessThanOrEqualTo(CODEC.maxPayload(command));
            int copies = Math.max(1, 8_000_000 / payload.length);
            List<byte[]> payloads = new ArrayList<>();
            for (int i = 0; i < copies; i++) {
                payloads.add(payload.clone());
            }
            List<Object> kept = new ArrayList<>();
            long before = liveHeap();
            for (byte[] p : payloads) {
                DecodeResult r = CODEC.decode(command, p);
                assertThat(r).as(e.getKey() + ": " + r).isInstanceOf(DecodeResult.Decoded.class);
                kept.add(((DecodeResult.Decoded) r).message());
            }
            payloads.clear(); // what the message keeps of its payload is counted; the rest is not
            long after = liveHeap();
            double perByte = (double) (after - before + (long) copies * payload.length) / ((long) copies * payload.length);
            System.out.printf("%-28s %,10d bytes: %.2f heap bytes per payload byte%n", e.getKey(), payload.length, perByte);
            assertThat(kept).hasSize(copies);
            assertThat(perByte).as(e.getKey()).isLessThanOrEqualTo(WireLimits.DECODED_BYTES_PER_BYTE);
        }
    }

    private static long liveHeap() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(20);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
