package dev.tributary.sync.inventory;

import dev.tributary.bytes.Hash;
import dev.tributary.sync.SyncPeer;
import dev.tributary.wire.Message;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Announces new blocks and transactions to the peers that do not know them (btcd's {@code RelayInventory}),
 * and remembers, per peer, what it is known to have ({@link KnownInventory}): what it announced or sent us,
 * and what we announced or sent it. A block goes to each peer once; a peer that sent {@code sendheaders}
 * (BIP 130) gets a {@code headers} message where the graph has one, the others an {@code inv} in the graph's
 * {@link InventoryDialect}.
 *
 * <p>Engine thread only.
 */
public final class InventoryRelay {
    private final int knownPerPeer;
    private final Function<List<Hash>, Optional<Message>> headersAnnouncement;
    private final InventoryDialect dialect;
    private final Map<Long, KnownInventory> known = new HashMap<>();

    /**
     * @param knownPerPeer        size of each peer's known-inventory cache
     * @param headersAnnouncement the graph's BIP 130 announcement of blocks, empty when it has none
     * @param dialect             how the graph's protocol spells {@code inv}
     */
    public InventoryRelay(int knownPerPeer, Function<List<Hash>, Optional<Message>> headersAnnouncement,
            InventoryDialect dialect) {
        this.knownPerPeer = knownPerPeer;
        this.headersAnnouncement = headersAnnouncement;
        this.dialect = dialect;
    }

    private KnownInventory of(SyncPeer peer) {
        return known.computeIfAbsent(peer.id(), k -> new KnownInventory(knownPerPeer));
    }

    /** The peer has {@code hash} (it announced or sent it, or we did). */
    public void markKnown(SyncPeer peer, Hash hash) {
        of(peer).add(hash);
    }

    /** Whether the peer is known to have {@code hash}: it announced or sent it, or we did. */
    public boolean knows(SyncPeer peer, Hash hash) {
        KnownInventory k = known.get(peer.id());
        return k != null && k.contains(hash);
    }

    public void onPeerGone(SyncPeer peer) {
        known.remove(peer.id());
    }

    /** How many peers' known inventory is kept: a bound to check (one per peer not yet gone). */
    public int trackedPeers() {
        return known.size();
    }

    /** The most hashes kept for one peer: a bound to check (at most the per-peer cache size). */
    public int largestKnown() {
        return known.values().stream().mapToInt(KnownInventory::size).max().orElse(0);
    }

    /**
     * Announces connected blocks (parents first) to every connected peer that does not know them.
     *
     * @return how many peers got an announcement
     */
    public int announceBlocks(Collection<? extends SyncPeer> peers, List<Hash> blocks) {
        int n = 0;
        for (SyncPeer p : peers) {
            List<Hash> fresh = fresh(p, blocks);
            if (fresh.isEmpty()) {
                continue;
            }
            Optional<Message> headers = p.prefersHeaderAnnouncements() ? headersAnnouncement.apply(fresh) : Optional.empty();
            p.send(headers.orElseGet(() -> dialect.blockInventory(fresh)));
            n++;
        }
        return n;
    }

    /** Announces a transaction by {@code inv} to every connected peer that does not know it; returns how many. */
    public int announceTransaction(Collection<? extends SyncPeer> peers, Hash txid) {
        int n = 0;
        for (SyncPeer p : peers) {
            if (!fresh(p, List.of(txid)).isEmpty()) {
                p.send(dialect.transactionInventory(List.of(txid)));
                n++;
            }
        }
        return n;
    }

    /** The hashes {@code p} does not know, now marked known. */
    private List<Hash> fresh(SyncPeer p, List<Hash> hashes) {
        List<Hash> out = new ArrayList<>(hashes.size());
        if (!p.isConnected()) {
            return out;
        }
        KnownInventory k = of(p);
        for (Hash h : hashes) {
            if (k.add(h)) {
                out.add(h);
            }
        }
        return out;
    }
}
