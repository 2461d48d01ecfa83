package dev.tributary.sync.inventory;

import dev.tributary.bytes.Hash;
import dev.tributary.chain.Transaction;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A bounded memory pool of unconfirmed transactions, relayed by {@code inv} -> {@code getdata} -> {@code tx}
 * and emptied of what a connected block confirms.
 *
 * <p>Bounded in count and in bytes (the serialized size with witness data): when a new transaction does not
 * fit, the oldest leave first. A transaction larger than the whole byte bound is refused. Transactions a block
 * confirmed are remembered (a bounded set, as large as the pool) so a peer relaying one late does not bring it
 * back.
 *
 * <p>Only context-free checks are made: no UTXO set is kept, so inputs are not checked against outputs (the
 * pool relays, it does not validate spends). Engine thread only.
 */
public final class TransactionPool {
    private final int maxTransactions;
    private final long maxBytes;
    private final LinkedHashMap<Hash, Transaction> byTxid = new LinkedHashMap<>();
    private final KnownInventory confirmed;
    private long bytes;

    public TransactionPool(int maxTransactions, long maxBytes) {
        this.maxTransactions = maxTransactions;
        this.maxBytes = maxBytes;
        this.confirmed = new KnownInventory(maxTransactions);
    }

    /**
     * Adds a transaction, evicting the oldest while the bounds would be exceeded.
     *
     * @return false when it is already here, was confirmed, is a coinbase, or is larger than the byte bound
     */
    public boolean add(Transaction tx) {
        Hash txid = tx.txid();
        int size = tx.totalSize();
        if (byTxid.containsKey(txid) || confirmed.contains(txid) || tx.isCoinbase() || size > maxBytes) {
            return false;
        }
        while (!byTxid.isEmpty() && (byTxid.size() >= maxTransactions || bytes + size > maxBytes)) {
            Iterator<Map.Entry<Hash, Transaction>> it = byTxid.entrySet().iterator();
            bytes -= it.next().getValue().totalSize();
            it.remove();
        }
        byTxid.put(txid, tx);
        bytes += size;
        return true;
    }

    /** Whether the transaction is here, or was confirmed recently: either way, not worth asking for. */
    public boolean knows(Hash txid) {
        return byTxid.containsKey(txid) || confirmed.contains(txid);
    }

    public boolean contains(Hash txid) {
        return byTxid.containsKey(txid);
    }

    public Optional<Transaction> get(Hash txid) {
        return Optional.ofNullable(byTxid.get(txid));
    }

    /** The serialization to serve ({@code tx} payload, with witness data). */
    public Optional<byte[]> serialized(Hash txid) {
        return get(txid).map(tx -> tx.serialize(true));
    }

    /** A block confirmed these: they leave the pool and are remembered. Returns how many were in the pool. */
    public int removeConfirmed(Collection<Hash> txids) {
        int n = 0;
        for (Hash txid : txids) {
            confirmed.add(txid);
            Transaction tx = byTxid.remove(txid);
            if (tx != null) {
                bytes -= tx.totalSize();
                n++;
            }
        }
        return n;
    }

    public int size() {
        return byTxid.size();
    }

    public long bytes() {
        return bytes;
    }

    /**
     * The transactions to put in a block: walking the pool once, oldest first, each that passes {@code filter}
     * and fits in what is left of {@code maxBytes} (serialized size with witness data); one that does not fit is
     * skipped and the walk goes on.
     */
    public List<Transaction> select(long maxBytes, Predicate<Transaction> filter) {
        List<Transaction> out = new ArrayList<>();
        long total = 0;
        for (Transaction tx : byTxid.values()) {
            int size = tx.totalSize();
            if (total + size <= maxBytes && filter.test(tx)) {
                out.add(tx);
                total += size;
            }
        }
        return out;
    }

    /** The txids in the pool, oldest first. */
    public List<Hash> txids() {
        return List.copyOf(byTxid.keySet());
    }
}
