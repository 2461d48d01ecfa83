package dev.tributary.node.sim;

import dev.tributary.dag.BlockAtHeight;
import dev.tributary.dag.DagBlock;
import dev.tributary.dag.DagMiner;
import dev.tributary.dag.DagParameters;
import dev.tributary.dag.message.DagBlockMessage;
import dev.tributary.dag.message.DagInvMessage;
import dev.tributary.dag.message.DagInventoryItem;
import dev.tributary.wire.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Forgeries on the dagtest BlockDAG: a block on genesis that claims the wrong height ("bad-height"), blocks on
 * made-up parents, and {@code inv}s of made-up blocks. dagtest syncs no headers.
 */
final class DagForgery implements Forgery {
    private final DagParameters params;
    private final Random random;
    private final Ledger ledger;
    private final DagMiner miner;

    DagForgery(DagParameters params, Random random, Ledger ledger) {
        this.params = params;
        this.random = random;
        this.ledger = ledger;
        this.miner = new DagMiner(params);
    }

    private byte[] tag() {
        byte[] t = new byte[8];
        random.nextBytes(t);
        return t;
    }

    @Override
    public List<Message> invalidBlock(long nowSeconds) {
        // Genesis claimed at height 4: the block says 5, but its only parent is at 0.
        DagBlock bad = miner.mineOn(List.of(new BlockAtHeight(params.genesisHash(), 4)), List.of(), nowSeconds, tag());
        ledger.forged(bad.hash(), false);
        return List.of(new DagBlockMessage(bad), new DagInvMessage(List.of(DagInventoryItem.block(BlockAtHeight.of(bad)))));
    }

    @Override
    public List<Message> orphans(int count, long nowSeconds) {
        List<Message> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            BlockAtHeight parent = new BlockAtHeight(Forgery.randomHash(random), 1 + random.nextInt(1000));
            DagBlock orphan = miner.mineOn(List.of(parent), List.of(), nowSeconds, tag());
            ledger.forged(orphan.hash(), false);
            out.add(new DagBlockMessage(orphan));
        }
        return out;
    }

    @Override
    public Message phantomInv(int count) {
        List<DagInventoryItem> items = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            items.add(DagInventoryItem.block(Forgery.randomHash(random), 1 + random.nextInt(1000)));
        }
        items.forEach(item -> ledger.forged(item.hash(), false));
        return new DagInvMessage(items);
    }

    @Override
    public List<Message> invalidHeaders(long nowSeconds) {
        return List.of();
    }
}
