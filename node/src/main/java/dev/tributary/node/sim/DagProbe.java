package dev.tributary.node.sim;

import dev.tributary.bytes.Hash;
import dev.tributary.dag.DagParameters;
import dev.tributary.dag.DagState;
import dev.tributary.dag.store.DagStore;
import dev.tributary.node.NodeService;
import dev.tributary.node.dag.DagLine;
import dev.tributary.store.KeyValueStore;
import dev.tributary.sync.inventory.DagInventoryProtocol;
import dev.tributary.sync.inventory.InventoryConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * The dagtest BlockDAG in a simulation: every honest node runs the DAG service; a node's state is its
 * {@link DagState}, and its store must rebuild that same state (every block after its parents).
 */
final class DagProbe implements Probe {
    private final DagParameters params;
    private final InventoryConfig config;

    DagProbe(DagParameters params) {
        this.params = params;
        this.config = InventoryConfig.forDag(params);
    }

    @Override
    public SimNode.Recipe recipe(Random random) {
        return SimNode.Recipe.dag(config);
    }

    @Override
    public NodeService.Factory hostile(Forgery.Ledger ledger) {
        return HostileService.dag(params, ledger);
    }

    @Override
    public void mine(SimNode node) {
        node.dag().mineBlocks(1);
    }

    private static DagInventoryProtocol protocol(SimNode node) {
        return node.dag().protocol();
    }

    @Override
    public String tipKey(SimNode node) {
        DagState s = protocol(node).state();
        return s.tipsHash() + "/" + s.blockCount();
    }

    @Override
    public String describe(SimNode node) {
        return node.name() + " " + DagLine.of(protocol(node).state());
    }

    @Override
    public String line(SimNode node) {
        return DagLine.of(protocol(node).state());
    }

    @Override
    public java.math.BigInteger weight(SimNode node) {
        return java.math.BigInteger.valueOf(known(node));
    }

    @Override
    public long known(SimNode node) {
        return protocol(node).state().blockCount();
    }

    @Override
    public Optional<String> holdsForged(SimNode node, Hash hash, boolean validHeader) {
        return protocol(node).graph().contains(hash)
                ? Optional.of(node.name() + " took the forged block " + hash) : Optional.empty();
    }

    @Override
    public List<String> storeProblems(SimNode node) {
        List<String> out = new ArrayList<>();
        KeyValueStore view = node.disk().keyspace(params.name());
        try {
            DagState stored = DagStore.open(view, params).load().state();
            DagState live = protocol(node).state();
            if (!stored.equals(live)) {
                out.add(node.name() + "'s store rebuilds " + DagLine.of(stored) + ", not its " + DagLine.of(live));
            }
        } catch (RuntimeException e) {
            out.add(node.name() + "'s store does not rebuild its DAG: " + e.getMessage());
        } finally {
            view.close();
        }
        return out;
    }

    @Override
    public List<String> boundProblems(SimNode node) {
        List<String> out = new ArrayList<>();
        InventoryBounds.check(node.name(), protocol(node).sync(), config, node.node().peers().allPeers().size(), out);
        return out;
    }
}
