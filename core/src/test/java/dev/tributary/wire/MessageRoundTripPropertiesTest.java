package dev.tributary.wire;

import dev.tributary.chain.TxInput;
import dev.tributary.net.bitcoin.BitcoinMessages;
import dev.tributary.chain.Block;
import dev.tributary.chain.BlockHeader;
import dev.tributary.chain.Transaction;
import dev.tributary.chain.message.InventoryItem;
import dev.tributary.net.bitcoin.NetworkAddress;
import static dev.tributary.wire.WireFixtures.MAINNET;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.bytes.ByteReader;
import dev.tributary.bytes.ByteWriter;
import dev.tributary.wire.WireFixtures.Frame;
import dev.tributary.wire.WireFixtures.RecordingSink;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Encode then decode gives an equal message, for every message type and arbitrary field values. Equality of
 * headers, transactions and blocks is by hash, and records holding {@code byte[]} compare arrays by reference,
 * so each property also compares the serialized bytes and, for transactions, every field.
 */
class MessageRoundTripPropertiesTest {

    @Provide
    Arbitrary<Message> messages() {
        return WireArbitraries.message();
    }

    @Provide
    Arbitrary<BlockHeader> headers() {
        return WireArbitraries.header();
    }

    @Provide
    Arbitrary<Transaction> transactions() {
        return WireArbitraries.transaction();
    }

    @Provide
    Arbitrary<Transaction> witnessTransactions() {
        return WireArbitraries.transaction(true).filter(Transaction::hasWitness);
    }

    @Provide
    Arbitrary<Block> blocks() {
        return WireArbitraries.block();
    }

    @Provide
    Arbitrary<NetworkAddress> addresses() {
        return WireArbitraries.networkAddress();
    }

    @Provide
    Arbitrary<InventoryItem> inventoryItems() {
        return WireArbitraries.inventoryItem();
    }

    @Property(tries = 1500)
    void everyMessageSurvivesFramingAndDecoding(@ForAll("messages") Message m) {
        byte[] payload = m.payload();
        byte[] frame = FrameCodec.encode(MAINNET, m);
        assertThat(frame).hasSize(FrameCodec.HEADER_SIZE + payload.length);

        RecordingSink sink = WireFixtures.decodeAll(frame);
        assertThat(sink.events).containsExactly(new Frame(m.command(), payload));

        Message back = WireFixtures.decodedMessage(BitcoinMessages.codec().decode(m.command(), payload));
        assertThat(back).isEqualTo(m);
        assertThat(back.getClass()).isEqualTo(m.getClass());
        assertThat(back.payload()).isEqualTo(payload);
    }

    @Property
    void headerRoundTripsFieldByField(@ForAll("headers") BlockHeader h) {
        byte[] raw = h.serialize();
        assertThat(raw).hasSize(BlockHeader.SIZE);
        BlockHeader back = BlockHeader.parse(raw);
        assertThat(back).isEqualTo(h);
        assertThat(back.version()).isEqualTo(h.version());
        assertThat(back.prevHash()).isEqualTo(h.prevHash());
        assertThat(back.merkleRoot()).isEqualTo(h.merkleRoot());
        assertThat(back.time()).isEqualTo(h.time());
        assertThat(back.bits()).isEqualTo(h.bits());
        assertThat(back.nonce()).isEqualTo(h.nonce());
        assertThat(back.hash()).isEqualTo(h.hash());
    }

    @Property(tries = 1000)
    void transactionRoundTripsFieldByField(@ForAll("transactions") Transaction tx) {
        byte[] full = tx.serialize(true);
        Transaction back = Transaction.parse(full);
        assertSameTransaction(back, tx);
        assertThat(back.serialize(true)).isEqualTo(full);
        assertThat(back.hasWitness()).isEqualTo(tx.inputs().stream().anyMatch(i -> !i.witness().isEmpty()));
    }

    @Property(tries = 500)
    void witnessTransactionsHaveDistinctTxidAndWtxid(@ForAll("witnessTransactions") Transaction tx) {
        assertThat(tx.wtxid()).isNotEqualTo(tx.txid());
        byte[] legacy = tx.serialize(false);
        assertThat(legacy.length).isLessThan(tx.serialize(true).length);
        Transaction stripped = Transaction.parse(legacy);
        assertThat(stripped.hasWitness()).isFalse();
        assertThat(stripped.txid()).isEqualTo(tx.txid());
        assertThat(stripped.wtxid()).isEqualTo(tx.txid());
        assertThat(stripped).isNotEqualTo(tx);
    }

    @Property(tries = 300)
    void blockRoundTrips(@ForAll("blocks") Block b) {
        byte[] full = b.serialize();
        Block back = Block.parse(full);
        assertThat(back).isEqualTo(b);
        assertThat(back.serialize()).isEqualTo(full);
        assertThat(back.hash()).isEqualTo(b.hash());
        assertThat(back.transactions()).hasSameSizeAs(b.transactions());
        for (int i = 0; i < b.transactions().size(); i++) {
            assertSameTransaction(back.transactions().get(i), b.transactions().get(i));
        }
        assertThat(back.computeMerkleRoot()).isEqualTo(b.computeMerkleRoot());
        // the witness-stripped form parses too, with the same txids
        Block stripped = Block.parse(b.serialize(false));
        assertThat(stripped.hasWitness()).isFalse();
        assertThat(stripped.computeMerkleRoot()).isEqualTo(b.computeMerkleRoot());
    }

    @Property
    void networkAddressRoundTrips(@ForAll("addresses") NetworkAddress a) {
        ByteWriter w = new ByteWriter();
        a.write(w);
        byte[] raw = w.toByteArray();
        assertThat(raw).hasSize(NetworkAddress.SIZE);
        // port: the last two bytes, big-endian
        assertThat(((raw[24] & 0xff) << 8) | (raw[25] & 0xff)).isEqualTo(a.port());
        ByteReader in = new ByteReader(raw);
        NetworkAddress back = NetworkAddress.read(in);
        assertThat(back).isEqualTo(a);
        assertThat(in.remaining()).isZero();
    }

    @Property
    void inventoryItemRoundTrips(@ForAll("inventoryItems") InventoryItem item) {
        ByteWriter w = new ByteWriter();
        item.write(w);
        assertThat(w.size()).isEqualTo(InventoryItem.SIZE);
        assertThat(InventoryItem.read(new ByteReader(w.toByteArray()))).isEqualTo(item);
        assertThat(item.wantsWitness()).isEqualTo((item.type() & (1 << 30)) != 0);
        assertThat(item.baseType() | (item.type() & InventoryItem.WITNESS_FLAG)).isEqualTo(item.type());
    }

    private static void assertSameTransaction(Transaction actual, Transaction expected) {
        assertThat(actual).isEqualTo(expected);
        assertThat(actual.txid()).isEqualTo(expected.txid());
        assertThat(actual.wtxid()).isEqualTo(expected.wtxid());
        assertThat(actual.version()).isEqualTo(expected.version());
        assertThat(actual.lockTime()).isEqualTo(expected.lockTime());
        assertThat(actual.inputs()).hasSameSizeAs(expected.inputs());
        for (int i = 0; i < expected.inputs().size(); i++) {
            TxInput a = actual.inputs().get(i);
            TxInput e = expected.inputs().get(i);
            assertThat(a.previous()).isEqualTo(e.previous());
            assertThat(a.scriptSig()).isEqualTo(e.scriptSig());
            assertThat(a.sequence()).isEqualTo(e.sequence());
            assertThat(a.witness()).hasSameSizeAs(e.witness());
            for (int j = 0; j < e.witness().size(); j++) {
                assertThat(a.witness().get(j)).isEqualTo(e.witness().get(j));
            }
        }
        assertThat(actual.outputs()).hasSameSizeAs(expected.outputs());
        for (int i = 0; i < expected.outputs().size(); i++) {
            assertThat(actual.outputs().get(i).value()).isEqualTo(expected.outputs().get(i).value());
            assertThat(actual.outputs().get(i).scriptPubKey()).isEqualTo(expected.outputs().get(i).scriptPubKey());
        }
    }
}
