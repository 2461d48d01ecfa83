package dev.tributary.wire;

import dev.tributary.bytes.ByteReader;
import dev.tributary.bytes.MalformedDataException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Maps command names to payload decoders and decodes payloads into messages. Immutable; a protocol
 * built on Bitcoin's framing extends the standard set with {@link #with(String, PayloadDecoder)}.
 *
 * <p>Decoding never throws: every failure of a decoder on untrusted input (truncation, a count over its
 * limit, trailing bytes, even an unexpected runtime exception) becomes a {@link DecodeResult.Failed}.
 */
public final class MessageCodec {
    /**
     * Commands that other Bitcoin software sends and that Tributary deliberately does not act on. They
     * decode to {@link IgnoredMessage}; a command outside this set and the registry is an error.
     */
    public static final Set<String> IGNORED_COMMANDS = Set.of("sendcmpct", "feefilter", "wtxidrelay", "sendaddrv2",
            "mempool", "reject", "alert", "filterload", "filteradd", "filterclear", "merkleblock", "cmpctblock",
            "getblocktxn", "blocktxn", "getcfilters", "getcfheaders", "getcfcheckpt", "addrv2", "notfound-legacy");

    private static final MessageCodec BITCOIN = new MessageCodec(Map.ofEntries(
            Map.entry(VersionMessage.COMMAND, VersionMessage::read),
            Map.entry(EmptyMessages.Verack.COMMAND, in -> EmptyMessages.Verack.INSTANCE),
            Map.entry(PingMessage.COMMAND, PingMessage::read),
            Map.entry(PongMessage.COMMAND, PongMessage::read),
            Map.entry(EmptyMessages.GetAddr.COMMAND, in -> EmptyMessages.GetAddr.INSTANCE),
            Map.entry(AddrMessage.COMMAND, AddrMessage::read),
            Map.entry(EmptyMessages.SendHeaders.COMMAND, in -> EmptyMessages.SendHeaders.INSTANCE),
            Map.entry(GetHeadersMessage.COMMAND, GetHeadersMessage::read),
            Map.entry(HeadersMessage.COMMAND, HeadersMessage::read),
            Map.entry(GetBlocksMessage.COMMAND, GetBlocksMessage::read),
            Map.entry(InvMessage.COMMAND, InvMessage::read),
            Map.entry(GetDataMessage.COMMAND, GetDataMessage::read),
            Map.entry(NotFoundMessage.COMMAND, NotFoundMessage::read),
            Map.entry(BlockMessage.COMMAND, BlockMessage::read),
            Map.entry(TxMessage.COMMAND, TxMessage::read)));

    /** Commands whose payload may carry more fields in later protocol versions; extra bytes are ignored. */
    private static final Set<String> EXTENSIBLE = Set.of(VersionMessage.COMMAND);

    private final Map<String, PayloadDecoder> decoders;

    private MessageCodec(Map<String, PayloadDecoder> decoders) {
        this.decoders = Map.copyOf(decoders);
    }

    /** The messages of Bitcoin's protocol that Tributary speaks. */
    public static MessageCodec bitcoin() {
        return BITCOIN;
    }

    /** A codec that also decodes {@code command} (replacing an existing decoder of that name). */
    public MessageCodec with(String command, PayloadDecoder decoder) {
        FrameCodec.checkCommand(command);
        Map<String, PayloadDecoder> copy = new HashMap<>(decoders);
        copy.put(command, decoder);
        return new MessageCodec(copy);
    }

    public boolean knows(String command) {
        return decoders.containsKey(command);
    }

    /** Decodes one payload. Never throws. */
    public DecodeResult decode(String command, byte[] payload) {
        PayloadDecoder decoder = decoders.get(command);
        if (decoder == null) {
            if (IGNORED_COMMANDS.contains(command)) {
                return new DecodeResult.Decoded(new IgnoredMessage(command, payload.length));
            }
            return failed(WireError.Kind.UNKNOWN_COMMAND, command, "no such command (" + payload.length + " bytes skipped)");
        }
        try {
            ByteReader in = new ByteReader(payload);
            Message m = decoder.decode(in);
            if (!EXTENSIBLE.contains(command)) {
                in.requireFullyRead(command);
            }
            return new DecodeResult.Decoded(m);
        } catch (MalformedDataException e) {
            return failed(WireError.Kind.MALFORMED_PAYLOAD, command, e.getMessage());
        } catch (RuntimeException e) {
            // A decoder's bug must not take the connection's thread down; report it as bad input.
            return failed(WireError.Kind.MALFORMED_PAYLOAD, command, "undecodable: " + e);
        }
    }

    private static DecodeResult failed(WireError.Kind kind, String command, String detail) {
        return new DecodeResult.Failed(new WireError(kind, command, detail));
    }
}
