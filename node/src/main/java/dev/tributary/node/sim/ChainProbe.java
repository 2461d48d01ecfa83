package dev.tributary.node.sim;

import dev.tributary.bytes.Hash;
import dev.tributary.chain.HeaderSyncData;
import dev.tributary.chain.NetworkParameters;
import dev.tributary.chain.store.ChainState;
import dev.tributary.chain.store.StoreConsistencyCheck;
import dev.tributary.node.NodeService;
import dev.tributary.node.chain.ChainService;
import dev.tributary.node.chain.NodeConfig;
import dev.tributary.node.chain.SyncMode;
import dev.tributary.node.chain.TipLine;
import dev.tributary.sync.inventory.InventoryConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * A Bitcoin-style chain (regtest) in a simulation: each honest node syncs headers-first or blocks-first, as the seed
 * chooses, so both protocols meet on one network; tips are the block tip and the best header chain's tip.
 */
final class ChainProbe implements Probe {
    private final NetworkParameters params;

    ChainProbe(NetworkParameters params) {
        this.params = params;
    }

    @Override
    public SimNode.Recipe recipe(Random random) {
        SyncMode mode = random.nextBoolean() ? SyncMode.HEADERS : SyncMode.BLOCKS;
        return SimNode.Recipe.chain(NodeConfig.of(params, Path.of("sim")).withMode(mode), List.of());
    }

    @Override
    public NodeService.Factory hostile(Forgery.Ledger ledger) {
        return HostileService.chain(params, ledger);
    }

    @Override
    public void mine(SimNode node) {
        node.chain().mine(1);
    }

    private static ChainState chain(SimNode node) {
        return node.chain().chain();
    }

    @Override
    public String tipKey(SimNode node) {
        ChainState c = chain(node);
        return c.blockTip().hash() + "/" + c.mainTip().hash();
    }

    @Override
    public String describe(SimNode node) {
        ChainState c = chain(node);
        HeaderSyncData block = c.blockTip();
        HeaderSyncData main = c.mainTip();
        String mode = node.chain().protocol().name();
        return node.name() + " (" + mode + "-first) at height " + block.height() + " tip " + block.hash()
                + (main.hash().equals(block.hash()) ? "" : ", headers to " + main.height() + " " + main.hash());
    }

    @Override
    public String line(SimNode node) {
        return TipLine.of(chain(node).mainTip());
    }

    @Override
    public java.math.BigInteger weight(SimNode node) {
        return chain(node).blockTip().chainWork();
    }

    @Override
    public long known(SimNode node) {
        return chain(node).index().size();
    }

    @Override
    public Optional<String> holdsForged(SimNode node, Hash hash, boolean validHeader) {
        ChainState c = chain(node);
        if (c.persist().hasBlock(hash)) {
            return Optional.of(node.name() + " stored the body of forged block " + hash);
        }
        if (!validHeader && c.index().contains(hash)) {
            return Optional.of(node.name() + " took the forged header " + hash);
        }
        return Optional.empty();
    }

    @Override
    public List<String> storeProblems(SimNode node) {
        return StoreConsistencyCheck.check(chain(node).persist()).stream().map(p -> node.name() + ": " + p).toList();
    }

    @Override
    public List<String> boundProblems(SimNode node) {
        List<String> out = new ArrayList<>();
        ChainService service = node.chain();
        int peers = node.node().peers().allPeers().size();
        if (service.config().mode() == SyncMode.BLOCKS) {
            InventoryConfig config = service.config().inventory();
            InventoryBounds.check(node.name(), service.inventory().sync(), config, peers, out);
        } else {
            int stash = service.headersFirst().coordinator().stashSize();
            if (stash > peers) {
                out.add(node.name() + " stashes " + stash + " announcements for " + peers + " peers");
            }
        }
        return out;
    }
}
