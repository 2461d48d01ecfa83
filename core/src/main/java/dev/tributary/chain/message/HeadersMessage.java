package dev.tributary.chain.message;

import dev.tributary.chain.BlockHeader;
import dev.tributary.wire.Message;
import dev.tributary.wire.WireLimits;
import dev.tributary.bytes.ByteReader;
import dev.tributary.bytes.ByteWriter;
import dev.tributary.engine.StageTimes;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code headers}: varint count (at most 2,000), then per header its 80 bytes and a varint transaction
 * count, always 0 (it is a block message with the transactions left out).
 */
public record HeadersMessage(List<BlockHeader> headers) implements Message {
    public static final String COMMAND = "headers";

    public HeadersMessage {
        headers = List.copyOf(headers);
        if (headers.size() > WireLimits.MAX_HEADERS) {
            throw new IllegalArgumentException("headers holds at most " + WireLimits.MAX_HEADERS + " headers");
        }
    }

    public static HeadersMessage read(ByteReader in) {
        long start = StageTimes.COUNTERS.start();
        int n = in.readCount(WireLimits.MAX_HEADERS, BlockHeader.SIZE + 1, "headers");
        List<BlockHeader> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(BlockHeader.read(in));
            long txCount = in.readVarInt();
            if (txCount != 0) {
                throw new dev.tributary.bytes.MalformedDataException(
                        "header " + i + " declares " + txCount + " transactions; headers carry none");
            }
        }
        HeadersMessage message = new HeadersMessage(list);
        StageTimes.COUNTERS.record(StageTimes.Stage.DECODE, start, n);
        return message;
    }

    @Override
    public String command() {
        return COMMAND;
    }

    @Override
    public void write(ByteWriter out) {
        out.writeVarInt(headers.size());
        for (BlockHeader h : headers) {
            h.write(out);
            out.writeVarInt(0);
        }
    }

    /** Exact: a count, then 80 bytes and a zero transaction count per header. */
    @Override
    public int payloadSizeHint() {
        return ByteWriter.varIntSize(headers.size()) + headers.size() * (BlockHeader.SIZE + 1);
    }
}
