package dev.tributary.wire;

import dev.tributary.net.bitcoin.EmptyMessages;
import dev.tributary.chain.message.BlockMessage;
import dev.tributary.chain.message.GetBlocksMessage;
import dev.tributary.chain.message.GetDataMessage;
import dev.tributary.chain.message.GetHeadersMessage;
import dev.tributary.chain.message.HeadersMessage;
import dev.tributary.chain.message.InvMessage;
import dev.tributary.chain.message.NotFoundMessage;
import dev.tributary.chain.message.TxMessage;
import dev.tributary.net.bitcoin.AddrMessage;
import dev.tributary.net.bitcoin.PingMessage;
import dev.tributary.net.bitcoin.PongMessage;
import dev.tributary.chain.Block;
import dev.tributary.chain.OutPoint;
import dev.tributary.chain.Transaction;
import dev.tributary.chain.TxInput;
import dev.tributary.chain.TxOutput;
import dev.tributary.net.bitcoin.NetworkAddress;
import dev.tributary.net.bitcoin.TimestampedAddress;
import dev.tributary.net.bitcoin.VersionMessage;
import dev.tributary.chain.BlockHeader;
import dev.tributary.chain.message.InventoryItem;
import dev.tributary.bytes.Hash;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * jqwik generators for every wire type, over the full range of each field as the wire defines it (uint32 fields
 * in [0, 2^32), ports in [0, 65535], user agents up to 256 UTF-8 bytes...). Lists are kept short so that a
 * property runs in milliseconds; the limits themselves are tested by example.
 */
final class WireArbitraries {
    private WireArbitraries() {
    }

    static Arbitrary<Long> uint32() {
        return Arbitraries.longs().between(0, 0xffffffffL);
    }

    static Arbitrary<byte[]> bytes(int maxSize) {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(maxSize);
    }

    static Arbitrary<Hash> hash() {
        return Arbitraries.oneOf(
                Arbitraries.bytes().array(byte[].class).ofSize(Hash.LENGTH).map(Hash::wrap),
                Arbitraries.just(Hash.ZERO));
    }

    static Arbitrary<BlockHeader> header() {
        return Combinators.combine(Arbitraries.integers(), hash(), hash(), uint32(), uint32(), uint32())
                .as(BlockHeader::new);
    }

    static Arbitrary<InventoryItem> inventoryItem() {
        Arbitrary<Integer> type = Arbitraries.oneOf(
                Arbitraries.of(InventoryItem.ERROR, InventoryItem.TX, InventoryItem.BLOCK, InventoryItem.FILTERED_BLOCK,
                        InventoryItem.COMPACT_BLOCK, InventoryItem.WTX, InventoryItem.WITNESS_TX,
                        InventoryItem.WITNESS_BLOCK),
                Arbitraries.integers());
        return Combinators.combine(type, hash()).as(InventoryItem::new);
    }

    static Arbitrary<InetAddress> inetAddress() {
        Arbitrary<byte[]> v4 = Arbitraries.bytes().array(byte[].class).ofSize(4);
        Arbitrary<byte[]> v6 = Arbitraries.bytes().array(byte[].class).ofSize(16);
        return Arbitraries.oneOf(v4, v6).map(WireArbitraries::address);
    }

    private static InetAddress address(byte[] raw) {
        try {
            return InetAddress.getByAddress(raw); // 4 or 16 bytes: never a name lookup
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    static Arbitrary<NetworkAddress> networkAddress() {
        return Combinators.combine(Arbitraries.longs(), inetAddress(), Arbitraries.integers().between(0, 0xffff))
                .as(NetworkAddress::new);
    }

    static Arbitrary<TimestampedAddress> timestampedAddress() {
        return Combinators.combine(uint32(), networkAddress()).as(TimestampedAddress::new);
    }

    static Arbitrary<OutPoint> outPoint() {
        return Arbitraries.oneOf(Combinators.combine(hash(), uint32()).as(OutPoint::new), Arbitraries.just(OutPoint.NULL));
    }

    static Arbitrary<TxInput> txInput(boolean witness) {
        Arbitrary<List<byte[]>> stack = witness ? scriptItem().list().ofMaxSize(4) : Arbitraries.just(List.of());
        return Combinators.combine(outPoint(), scriptItem(), uint32(), stack).as(TxInput::new);
    }

    /** Scripts and witness items: mostly short, sometimes long enough to need a three-byte length (over 252). */
    static Arbitrary<byte[]> scriptItem() {
        return Arbitraries.frequencyOf(
                Tuple.of(8, bytes(40)),
                Tuple.of(1, Arbitraries.bytes().array(byte[].class).ofMinSize(250).ofMaxSize(300)));
    }

    static Arbitrary<TxOutput> txOutput() {
        return Combinators.combine(Arbitraries.longs(), scriptItem()).as(TxOutput::new);
    }

    /**
     * Transactions with at least one input (a transaction without inputs cannot be told apart from the witness
     * marker on the wire), with or without witness data.
     */
    static Arbitrary<Transaction> transaction() {
        return Arbitraries.oneOf(transaction(false), transaction(true));
    }

    static Arbitrary<Transaction> transaction(boolean witness) {
        return Combinators.combine(Arbitraries.integers(), txInput(witness).list().ofMinSize(1).ofMaxSize(3),
                txOutput().list().ofMaxSize(3), uint32()).as(Transaction::new);
    }

    static Arbitrary<Block> block() {
        return Combinators.combine(header(), transaction().list().ofMaxSize(4)).as(Block::new);
    }

    static Arbitrary<String> userAgent() {
        // printable ASCII and a few multi-byte characters; at most 80 chars, so at most 240 UTF-8 bytes
        return Arbitraries.strings().withCharRange(' ', '~').withChars('é', '€', 'ß', '中').ofMaxLength(80);
    }

    static Arbitrary<VersionMessage> version() {
        // jqwik combines at most 8 arbitraries: start height and relay travel as a pair
        Arbitrary<Tuple.Tuple2<Integer, Boolean>> heightAndRelay =
                Combinators.combine(Arbitraries.integers(), Arbitraries.of(true, false)).as(Tuple::of);
        return Combinators.combine(Arbitraries.integers(), Arbitraries.longs(), Arbitraries.longs(), networkAddress(),
                networkAddress(), Arbitraries.longs(), userAgent(), heightAndRelay)
                .as((version, services, time, receiver, sender, nonce, agent, hr) -> new VersionMessage(version,
                        services, time, receiver, sender, nonce, agent, hr.get1(), hr.get2()));
    }

    /** Every message type Tributary sends, with arbitrary field values. */
    static Arbitrary<Message> message() {
        return Arbitraries.oneOf(List.of(
                version(),
                Arbitraries.just(EmptyMessages.Verack.INSTANCE),
                Arbitraries.just(EmptyMessages.GetAddr.INSTANCE),
                Arbitraries.just(EmptyMessages.SendHeaders.INSTANCE),
                Arbitraries.longs().map(PingMessage::new),
                Arbitraries.longs().map(PongMessage::new),
                timestampedAddress().list().ofMaxSize(8).map(AddrMessage::new),
                Combinators.combine(Arbitraries.integers(), hash().list().ofMaxSize(12), hash())
                        .as(GetHeadersMessage::new),
                Combinators.combine(Arbitraries.integers(), hash().list().ofMaxSize(12), hash())
                        .as(GetBlocksMessage::new),
                header().list().ofMaxSize(8).map(HeadersMessage::new),
                inventoryItem().list().ofMaxSize(8).map(InvMessage::new),
                inventoryItem().list().ofMaxSize(8).map(GetDataMessage::new),
                inventoryItem().list().ofMaxSize(8).map(NotFoundMessage::new),
                block().map(BlockMessage::new),
                transaction().map(TxMessage::new)));
    }
}
