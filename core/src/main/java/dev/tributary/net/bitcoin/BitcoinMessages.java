package dev.tributary.net.bitcoin;

import dev.tributary.chain.message.ChainMessages;
import dev.tributary.wire.MessageCodec;
import dev.tributary.wire.WireLimits;
import java.util.Set;

/**
 * The control messages of Bitcoin's protocol (the handshake, ping, address gossip, {@code sendheaders}),
 * registered into a connection's {@link MessageCodec}, and the commands other Bitcoin software sends that
 * Tributary deliberately does not act on.
 */
public final class BitcoinMessages {
    /** The owner name these registrations carry. */
    public static final String OWNER = "bitcoin handshake";

    /**
     * Commands that other Bitcoin software sends and that Tributary deliberately does not act on. They
     * decode to {@code IgnoredMessage}; a command outside this set and the registry is an error.
     */
    public static final Set<String> IGNORED_COMMANDS = Set.of("sendcmpct", "feefilter", "wtxidrelay", "sendaddrv2",
            "mempool", "reject", "alert", "filterload", "filteradd", "filterclear", "merkleblock", "cmpctblock",
            "getblocktxn", "blocktxn", "getcfilters", "getcfheaders", "getcfcheckpt", "addrv2", "notfound-legacy");

    /** {@code version}: its fields with the longest user agent, and room for fields of later versions. */
    private static final int MAX_VERSION_PAYLOAD = 4096;
    /** {@code addr}: 1,000 entries of 30 bytes and their count. */
    private static final int MAX_ADDR_PAYLOAD = 9 + WireLimits.MAX_ADDRESSES * 30;

    private static final MessageCodec FULL = ChainMessages.register(register(MessageCodec.builder())).build();

    private BitcoinMessages() {
    }

    /** Registers {@code version}, {@code verack}, {@code ping}, {@code pong}, {@code getaddr}, {@code addr},
     * {@code sendheaders} and the ignored commands. */
    public static MessageCodec.Builder register(MessageCodec.Builder codec) {
        return codec.registerExtensible(OWNER, VersionMessage.COMMAND, VersionMessage::read, MAX_VERSION_PAYLOAD)
                .register(OWNER, EmptyMessages.Verack.COMMAND, in -> EmptyMessages.Verack.INSTANCE, 0)
                .register(OWNER, PingMessage.COMMAND, PingMessage::read, 8)
                .register(OWNER, PongMessage.COMMAND, PongMessage::read, 8)
                .register(OWNER, EmptyMessages.GetAddr.COMMAND, in -> EmptyMessages.GetAddr.INSTANCE, 0)
                .register(OWNER, AddrMessage.COMMAND, AddrMessage::read, MAX_ADDR_PAYLOAD)
                .register(OWNER, EmptyMessages.SendHeaders.COMMAND, in -> EmptyMessages.SendHeaders.INSTANCE, 0)
                .ignore(OWNER, IGNORED_COMMANDS);
    }

    /** Every message of Bitcoin's protocol that Tributary speaks: control and chain messages. */
    public static MessageCodec codec() {
        return FULL;
    }
}
