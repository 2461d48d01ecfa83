package dev.tributary.dag;

import dev.tributary.bytes.ByteReader;
import dev.tributary.bytes.ByteWriter;
import dev.tributary.bytes.Hash;
import dev.tributary.bytes.MalformedDataException;
import dev.tributary.chain.MerkleTree;
import dev.tributary.chain.Transaction;
import dev.tributary.chain.TxInput;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code dagtest} block: a {@link DagHeader}, then a compact-size count and the transactions, the
 * coinbase first. Transactions use Bitcoin's serialization ({@link Transaction}); they are written in the
 * witness form when they have witness data, which {@link DagValidator} rejects (dagtest has no witness
 * commitment), so a valid block is always in the legacy form.
 *
 * <p>Parsing stops with a {@link MalformedDataException} as soon as the block is larger than
 * {@link #MAX_SIZE}, Bitcoin's largest serialized block (Core's {@code MAX_BLOCK_SERIALIZED_SIZE}, btcd's
 * {@code MaxBlockPayload}).
 */
public record DagBlock(DagHeader header, List<Transaction> transactions) {
    /** Largest serialized block, in bytes. */
    public static final int MAX_SIZE = 4_000_000;
    /** Smallest transaction the parser accepts: version, one minimal input, no outputs, lock time. */
    private static final int MIN_TX_SIZE = 4 + 1 + TxInput.MIN_SIZE + 1 + 4;

    public DagBlock {
        transactions = List.copyOf(transactions);
    }

    /** Reads one block; fails when it exceeds {@link #MAX_SIZE} bytes. */
    public static DagBlock read(ByteReader in) {
        int start = in.position();
        DagHeader header = DagHeader.read(in);
        int n = in.readCount(MAX_SIZE / MIN_TX_SIZE, MIN_TX_SIZE, "block transactions");
        List<Transaction> txs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            txs.add(Transaction.read(in));
            if (in.position() - start > MAX_SIZE) {
                throw new MalformedDataException("block exceeds " + MAX_SIZE + " bytes at transaction " + i);
            }
        }
        return new DagBlock(header, txs);
    }

    /** Parses exactly one block. */
    public static DagBlock parse(byte[] bytes) {
        ByteReader in = new ByteReader(bytes);
        DagBlock b = read(in);
        in.requireFullyRead("dag block");
        return b;
    }

    public void write(ByteWriter out) {
        header.write(out);
        out.writeVarInt(transactions.size());
        for (Transaction tx : transactions) {
            tx.write(out, true);
        }
    }

    public byte[] serialize() {
        ByteWriter w = new ByteWriter(size());
        write(w);
        return w.toByteArray();
    }

    /** Size of the serialization, in bytes, computed without serializing. */
    public int size() {
        long n = header.size() + ByteWriter.varIntSize(transactions.size());
        for (Transaction tx : transactions) {
            n += tx.totalSize();
        }
        return (int) Math.min(Integer.MAX_VALUE, n);
    }

    public Hash hash() {
        return header.hash();
    }

    public int height() {
        return header.height();
    }

    public List<Hash> parents() {
        return header.parents();
    }

    /** The Merkle root of the transaction ids, and whether the list is a CVE-2012-2459 mutation. */
    public MerkleTree.Root computeMerkleRoot() {
        List<Hash> ids = new ArrayList<>(transactions.size());
        for (Transaction tx : transactions) {
            ids.add(tx.txid());
        }
        return MerkleTree.compute(ids);
    }

    @Override
    public String toString() {
        return "DagBlock{" + hash() + ", height=" + height() + ", " + transactions.size() + " tx}";
    }
}
