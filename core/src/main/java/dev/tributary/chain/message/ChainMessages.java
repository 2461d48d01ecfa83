package dev.tributary.chain.message;

import dev.tributary.wire.MessageCodec;
import dev.tributary.wire.WireLimits;

/**
 * The chain messages of Bitcoin's protocol, registered into a connection's {@link MessageCodec}: headers
 * ({@code getheaders}, {@code headers}), inventory ({@code getblocks}, {@code inv}, {@code getdata},
 * {@code notfound}) and data ({@code block}, {@code tx}). Each payload is limited to Core's
 * {@link WireLimits#MAX_PROTOCOL_MESSAGE} or less.
 */
public final class ChainMessages {
    /** The owner name these registrations carry. */
    public static final String OWNER = "bitcoin chain";

    /** {@code getheaders}/{@code getblocks}: version, a locator of at most 101 hashes, a stop hash. */
    private static final int MAX_LOCATOR_PAYLOAD = 4 + 9 + WireLimits.MAX_LOCATOR * 32 + 32;
    /** {@code headers}: 2,000 entries of 81 bytes and their count. */
    private static final int MAX_HEADERS_PAYLOAD = 9 + WireLimits.MAX_HEADERS * 81;
    /** {@code inv}/{@code getdata}/{@code notfound}: 50,000 entries of 36 bytes and their count. */
    private static final int MAX_INVENTORY_PAYLOAD = 9 + WireLimits.MAX_INVENTORY * 36;

    private ChainMessages() {
    }

    /** Registers the header and inventory messages and {@code block}; {@code tx} separately. */
    public static MessageCodec.Builder register(MessageCodec.Builder codec) {
        codec.register(OWNER, GetHeadersMessage.COMMAND, GetHeadersMessage::read, MAX_LOCATOR_PAYLOAD)
                .register(OWNER, HeadersMessage.COMMAND, HeadersMessage::read, MAX_HEADERS_PAYLOAD)
                .register(OWNER, GetBlocksMessage.COMMAND, GetBlocksMessage::read, MAX_LOCATOR_PAYLOAD)
                .register(OWNER, InvMessage.COMMAND, InvMessage::read, MAX_INVENTORY_PAYLOAD)
                .register(OWNER, GetDataMessage.COMMAND, GetDataMessage::read, MAX_INVENTORY_PAYLOAD)
                .register(OWNER, NotFoundMessage.COMMAND, NotFoundMessage::read, MAX_INVENTORY_PAYLOAD)
                .register(OWNER, BlockMessage.COMMAND, BlockMessage::read, WireLimits.MAX_PROTOCOL_MESSAGE);
        return registerTransactions(codec);
    }

    /** Registers {@code tx} alone, for networks that carry Bitcoin transactions in blocks of their own. */
    public static MessageCodec.Builder registerTransactions(MessageCodec.Builder codec) {
        return codec.register(OWNER, TxMessage.COMMAND, TxMessage::read, WireLimits.MAX_PROTOCOL_MESSAGE);
    }
}
