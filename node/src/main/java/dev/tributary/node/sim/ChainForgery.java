package dev.tributary.node.sim;

import dev.tributary.chain.Block;
import dev.tributary.chain.BlockHeader;
import dev.tributary.chain.BlockIndex;
import dev.tributary.chain.BlockMiner;
import dev.tributary.chain.HeaderSyncData;
import dev.tributary.chain.MerkleTree;
import dev.tributary.chain.NetworkParameters;
import dev.tributary.chain.Transaction;
import dev.tributary.chain.message.BlockMessage;
import dev.tributary.chain.message.HeadersMessage;
import dev.tributary.chain.message.InvMessage;
import dev.tributary.chain.message.InventoryItem;
import dev.tributary.wire.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Forgeries on a Bitcoin-style chain (regtest, whose proof of work costs about two hashes): a block on genesis whose
 * transactions do not match its header's Merkle root, blocks on made-up parents, {@code inv}s of made-up blocks, and
 * a header on genesis that claims mainnet's difficulty without meeting it.
 */
final class ChainForgery implements Forgery {
    private static final long MAINNET_BITS = 0x1d00ffffL;

    private final NetworkParameters params;
    private final Random random;
    private final Ledger ledger;
    private final BlockIndex index;
    private final BlockMiner miner;
    private final byte[] payout = {0x51};

    ChainForgery(NetworkParameters params, Random random, Ledger ledger) {
        this.params = params;
        this.random = random;
        this.ledger = ledger;
        this.index = BlockIndex.fromGenesis(params);
        this.miner = new BlockMiner(params);
    }

    private byte[] tag() {
        byte[] t = new byte[8];
        random.nextBytes(t);
        return t;
    }

    private Transaction coinbase(int height) {
        return BlockMiner.coinbase(height, tag(), payout, BlockMiner.subsidy(height, params), null);
    }

    @Override
    public List<Message> invalidBlock(long nowSeconds) {
        HeaderSyncData genesis = index.tip();
        Block mined = miner.mine(genesis, index, List.of(), nowSeconds, tag(), payout);
        Block bad = new Block(mined.header(), List.of(coinbase(1))); // "bad-txnmrklroot"
        ledger.forged(bad.hash(), true);
        return List.of(new BlockMessage(bad), new InvMessage(List.of(InventoryItem.block(bad.hash()))));
    }

    @Override
    public List<Message> orphans(int count, long nowSeconds) {
        List<Message> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Transaction cb = coinbase(2 + random.nextInt(1000));
            BlockHeader h = BlockMiner.solve(new BlockHeader(BlockMiner.BLOCK_VERSION, Forgery.randomHash(random),
                    MerkleTree.root(List.of(cb.txid())), nowSeconds, params.powLimitBits(), 0));
            Block orphan = new Block(h, List.of(cb));
            ledger.forged(orphan.hash(), false);
            out.add(new BlockMessage(orphan));
        }
        return out;
    }

    @Override
    public Message phantomInv(int count) {
        List<InventoryItem> items = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            items.add(InventoryItem.block(Forgery.randomHash(random)));
        }
        items.forEach(item -> ledger.forged(item.hash(), false));
        return new InvMessage(items);
    }

    @Override
    public List<Message> invalidHeaders(long nowSeconds) {
        Transaction cb = coinbase(1);
        BlockHeader h = new BlockHeader(BlockMiner.BLOCK_VERSION, params.genesisHash(),
                MerkleTree.root(List.of(cb.txid())), nowSeconds, MAINNET_BITS, random.nextInt() & 0xffffffffL);
        ledger.forged(h.hash(), false);
        return List.of(new HeadersMessage(List.of(h)));
    }
}
