package dev.tributary.chain.message;

import dev.tributary.chain.BlockHeader;
import dev.tributary.chain.HeaderList;
import dev.tributary.wire.Message;
import dev.tributary.wire.WireLimits;
import dev.tributary.bytes.ByteReader;
import dev.tributary.bytes.ByteWriter;
import dev.tributary.engine.StageTimes;
import java.util.List;

/**
 * {@code headers}: varint count (at most 2,000), then per header its 80 bytes and a varint transaction
 * count, always 0 (it is a block message with the transactions left out).
 */
public record HeadersMessage(List<BlockHeader> headers) implements Message {
    public static final String COMMAND = "headers";

    /** {@code headers} is kept as it is when it is a {@link HeaderList} (immutable), copied otherwise. */
    public HeadersMessage {
        headers = headers instanceof HeaderList ? headers : List.copyOf(headers);
        if (headers.size() > WireLimits.MAX_HEADERS) {
            throw new IllegalArgumentException("headers holds at most " + WireLimits.MAX_HEADERS + " headers");
        }
    }

    /** Decodes the headers into one {@link HeaderList}, hashing each once: no object per header. */
    public static HeadersMessage read(ByteReader in) {
        long start = StageTimes.COUNTERS.start();
        int n = in.readCount(WireLimits.MAX_HEADERS, BlockHeader.SIZE + 1, "headers");
        HeadersMessage message = new HeadersMessage(HeaderList.read(in, n));
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
        if (headers instanceof HeaderList list) {
            byte[] header = new byte[BlockHeader.SIZE];
            for (int i = 0; i < list.size(); i++) {
                list.writeHeader(i, header, 0);
                out.writeBytes(header);
                out.writeVarInt(0);
            }
            return;
        }
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
