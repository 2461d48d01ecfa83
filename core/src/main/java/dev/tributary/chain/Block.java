package dev.tributary.chain;

import dev.tributary.bytes.ByteReader;
import dev.tributary.bytes.ByteWriter;
import dev.tributary.bytes.Hash;
import java.util.ArrayList;
import java.util.List;

/**
 * A full block: header, then a varint count and the transactions, in the witness serialization when any
 * transaction has witness data. Immutable.
 */
public final class Block {
    /**
     * Smallest transaction the parser accepts: version, one minimal input, no outputs, lock time. (A transaction
     * without outputs is well-formed; only validation rejects it.)
     */
    private static final int MIN_TX_SIZE = 4 + 1 + TxInput.MIN_SIZE + 1 + 4;

    private final BlockHeader header;
    private final List<Transaction> transactions;
    /** The exact bytes this block was parsed from (its full serialization), or null for a built block. */
    private final byte[] serialized;

    public Block(BlockHeader header, List<Transaction> transactions) {
        this(header, transactions, null);
    }

    private Block(BlockHeader header, List<Transaction> transactions, byte[] serialized) {
        this.header = header;
        this.transactions = List.copyOf(transactions);
        this.serialized = serialized;
    }

    public static Block read(ByteReader in) {
        BlockHeader header = BlockHeader.read(in);
        int n = in.readCount(Integer.MAX_VALUE, MIN_TX_SIZE, "block transactions");
        List<Transaction> txs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            txs.add(Transaction.read(in));
        }
        return new Block(header, txs);
    }

    /**
     * Parses exactly one block from {@code bytes}, which the block keeps (they must not be modified
     * afterwards): {@link #serialize()} then copies them instead of serializing again.
     */
    public static Block parse(byte[] bytes) {
        ByteReader in = new ByteReader(bytes);
        Block b = read(in);
        in.requireFullyRead("block");
        return new Block(b.header, b.transactions, bytes);
    }

    public void write(ByteWriter out, boolean withWitness) {
        header.write(out);
        out.writeVarInt(transactions.size());
        for (Transaction tx : transactions) {
            tx.write(out, withWitness);
        }
    }

    /** The full serialization (with witness data where present): what is stored and relayed to witness peers. */
    public byte[] serialize() {
        return serialized != null ? serialized.clone() : serialize(true);
    }

    /** Size of the full serialization, in bytes. */
    public int size() {
        return serialized != null ? serialized.length : serialize(true).length;
    }

    public byte[] serialize(boolean withWitness) {
        ByteWriter w = new ByteWriter(BlockHeader.SIZE + 1 + transactions.size() * 250);
        write(w, withWitness);
        return w.toByteArray();
    }

    public BlockHeader header() {
        return header;
    }

    public Hash hash() {
        return header.hash();
    }

    public List<Transaction> transactions() {
        return transactions;
    }

    public boolean hasWitness() {
        return transactions.stream().anyMatch(Transaction::hasWitness);
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
    public boolean equals(Object o) {
        return o instanceof Block other && header.equals(other.header) && transactions.equals(other.transactions);
    }

    @Override
    public int hashCode() {
        return header.hashCode();
    }

    @Override
    public String toString() {
        return "Block{" + hash() + ", " + transactions.size() + " tx}";
    }
}
