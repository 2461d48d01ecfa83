package dev.tributary.node.chain;

import dev.tributary.node.Node;
import dev.tributary.chain.HeaderSyncData;
import dev.tributary.net.HostPort;
import dev.tributary.net.Peer;
import dev.tributary.net.bitcoin.BitcoinPeer;
import dev.tributary.net.PeerListener;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * Decides when a node has its peers' chain, the end of {@code sync}, in either sync mode: every expected peer
 * has been handshaked, some peer is ready, and the node's {@link SyncGoal} (of its mode, from
 * {@link ChainService#newSyncGoal()}) is reached: for headers-first, every expected peer's last pass found nothing
 * more, no pass runs or waits and (for a full node) every block is stored, completing with the main tip; for
 * blocks-first, the node is current ({@link NodeProtocol#isCurrent()}), completing with the block tip.
 * Installed on the node's engine thread through {@link #watch(Node, Collection)}; checked after each
 * handshake, each lost peer and each event of the goal, at most one check queued at a time.
 *
 * <p>Fails, rather than waiting for ever, when the chain can no longer be had from the expected peers:
 * <ul>
 *   <li>an expected peer cannot be reached, or its connection closes, before its first handshake;</li>
 *   <li>an expected peer was handshaked, its connection dropped, and redialling it fails: at once when the mode
 *       does not tolerate the loss (headers-first), else when no peer is left (blocks-first);</li>
 *   <li>every expected peer is handshaked, the node lacks blocks ({@link SyncGoal#lacksBlocks}) and no ready
 *       peer serves blocks (no NODE_NETWORK: a headers-only node);</li>
 *   <li>every expected peer is handshaked and the mode reports a failure that nothing will retry
 *       ({@link SyncGoal#failure}: a headers-first pass failed and no pass is running or waiting);</li>
 *   <li>the node has all it will take from its peers, yet an expected peer has more that it refuses
 *       ({@link SyncGoal#shortfall}: a chain below the minimum chain work).</li>
 * </ul>
 * Without expected peers (peers found by discovery) only the goal ends the watch: more peers may come.
 */
public final class SyncCompletion implements PeerListener {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(SyncCompletion.class);
    private final Node node;
    private final SyncGoal goal;
    private final Set<InetSocketAddress> expected;
    private final Set<InetSocketAddress> everReady = new HashSet<>();
    private final CompletableFuture<HeaderSyncData> done = new CompletableFuture<>();
    private boolean checkQueued;

    private SyncCompletion(Node node, SyncGoal goal, Collection<InetSocketAddress> expected) {
        this.node = node;
        this.goal = goal;
        this.expected = Set.copyOf(expected);
    }

    /**
     * Starts watching; the future completes with the node's chain once synced (the main tip headers-first, the
     * block tip blocks-first), or fails naming why it cannot be. May be called before or after {@link Node#start()}:
     * peers already handshaked count as such, and a peer that could not be reached before the watch began is
     * reported at the node's next attempt to dial it.
     */
    public static CompletableFuture<HeaderSyncData> watch(Node node, Collection<InetSocketAddress> peers) {
        SyncCompletion c = new SyncCompletion(node, ChainService.of(node).newSyncGoal(), peers);
        node.addPeerListener(c);
        node.execute(() -> {
            node.peers().readyPeers().forEach(p -> c.everReady.add(p.address()));
            c.goal.start(c::checkLater);
            c.check();
        });
        c.done.whenComplete((tip, failure) -> node.execute(c.goal::stop));
        return c.done;
    }

    @Override
    public void onPeerReady(Peer peer) {
        everReady.add(peer.address());
        check();
    }

    @Override
    public void onPeerGone(Peer peer, String reason) {
        checkLater();
    }

    @Override
    public void onConnectFailed(InetSocketAddress address, String reason) {
        if (!expected.contains(address) || done.isDone()) {
            return;
        }
        if (!everReady.contains(address)) {
            done.completeExceptionally(new IOException(unreachable(address, reason)));
        } else if (!goal.toleratesPeerLoss()) {
            // It was handshaked, dropped, and the redial failed: it is gone, and its part of the chain with it.
            done.completeExceptionally(new IOException("lost the connection to " + HostPort.of(address)
                    + " and cannot reconnect: " + reason));
        } else if (node.peers().readyPeers().isEmpty()) {
            done.completeExceptionally(new IOException("lost the connection to " + HostPort.of(address)
                    + " and cannot reconnect, and no other peer is left: " + reason));
        }
    }

    /** The error for a peer that cannot be reached: it names the peer's address, whatever the reason says. */
    static String unreachable(InetSocketAddress address, String reason) {
        String hostPort = HostPort.of(address);
        if (reason != null && reason.contains(hostPort)) {
            return reason;
        }
        return "cannot connect to " + hostPort + ": " + (reason != null ? reason : "connection failed");
    }

    /** Checks once the current engine task is over (its state settled); one such check is queued at most. */
    private void checkLater() {
        if (checkQueued || done.isDone()) {
            return;
        }
        checkQueued = true;
        node.execute(() -> {
            checkQueued = false;
            check();
        });
    }

    private void check() {
        if (done.isDone()) {
            return;
        }
        List<Peer> ready = List.copyOf(node.peers().readyPeers());
        String waitingFor = waitingFor(ready);
        if (waitingFor == null) {
            String shortfall = goal.shortfall(expected, ready);
            if (shortfall != null) {
                done.completeExceptionally(new IOException(shortfall));
            } else {
                done.complete(goal.result());
            }
            return;
        }
        String stuck = stuck(ready);
        if (stuck != null) {
            done.completeExceptionally(new IOException(stuck));
            return;
        }
        log.debug("not synced yet: {}", waitingFor);
    }

    /** What the node still waits for, or null when it is synced. */
    private String waitingFor(List<Peer> ready) {
        for (InetSocketAddress a : expected) {
            if (!everReady.contains(a)) {
                return "the handshake of " + HostPort.of(a);
            }
        }
        if (ready.isEmpty()) {
            return "any peer";
        }
        return goal.waitingFor(expected, ready);
    }

    /** Why the chain can no longer be had from the expected peers, or null while it can. */
    private String stuck(List<Peer> ready) {
        if (expected.isEmpty()) {
            return null;
        }
        for (InetSocketAddress a : expected) {
            if (ready.stream().noneMatch(p -> p.address().equals(a))) {
                return null;
            }
        }
        if (goal.lacksBlocks(ready) && ready.stream().noneMatch(p -> BitcoinPeer.of(p).servesBlocks())) {
            return "no peer to download blocks from: " + ready.stream().map(Peer::label).collect(Collectors.joining(", "))
                    + (ready.size() == 1 ? " does" : " do") + " not serve blocks (no NODE_NETWORK: headers only)";
        }
        return goal.failure();
    }
}
