package dev.tributary.sync.inventory;

import dev.tributary.chain.BlockRejectReason;
import dev.tributary.validation.Verdict;
import dev.tributary.bytes.Hash;
import dev.tributary.chain.AttachResult;
import dev.tributary.chain.BlockValidator;
import dev.tributary.chain.HeaderChainAttacher;
import dev.tributary.chain.HeaderSyncData;
import dev.tributary.chain.RejectReason;
import dev.tributary.engine.Scheduler;
import dev.tributary.sync.ChainServer;
import dev.tributary.chain.store.ChainState;
import dev.tributary.chain.Block;
import dev.tributary.chain.BlockHeader;
import dev.tributary.chain.message.BlockMessage;
import dev.tributary.chain.message.GetBlocksMessage;
import dev.tributary.chain.message.HeadersMessage;
import dev.tributary.wire.Message;
import dev.tributary.wire.SerializedMessage;
import dev.tributary.chain.Transaction;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * A Bitcoin-style chain as a {@link BlockGraph}, over the same {@link ChainState} headers-first sync uses.
 *
 * <p>Accepting a block: its body must pass {@link BlockValidator} (context-free); then a block whose parent is not
 * connected (header and body stored) is an orphan; otherwise its header {@link HeaderChainAttacher} (with
 * {@code HeaderValidator}: proof of work, time rules, expected bits), then the header is recorded and the body
 * stored, in that order, so the store is consistent at every step and the block tip follows the best chain
 * (side branches are stored, and a reorg moves the tip over them). Blocks-first, the header chain never runs
 * ahead of the bodies.
 *
 * <p>Serving reuses {@link ChainServer}'s answers: {@code getblocks} from the main chain up to the block tip,
 * blocks from the store. The continue hash is the block tip, as in Bitcoin Core and btcd. Engine thread only.
 */
public final class BitcoinBlockGraph implements BlockGraph<Block, GetBlocksMessage> {
    private final ChainState chain;
    private final Scheduler scheduler;
    private final int protocolVersion;
    private final HeaderChainAttacher attacher;

    /** @param protocolVersion the version put in {@code getblocks} */
    public BitcoinBlockGraph(ChainState chain, Scheduler scheduler, int protocolVersion) {
        this.chain = chain;
        this.scheduler = scheduler;
        this.protocolVersion = protocolVersion;
        this.attacher = new HeaderChainAttacher(chain.index());
    }

    public ChainState chain() {
        return chain;
    }

    @Override
    public Hash hashOf(Block block) {
        return block.hash();
    }

    @Override
    public boolean contains(Hash hash) {
        return chain.index().contains(hash) && chain.hasBody(hash);
    }

    @Override
    public OptionalInt heightOf(Hash hash) {
        Optional<HeaderSyncData> e = chain.index().get(hash);
        return e.isPresent() && chain.hasBody(hash) ? OptionalInt.of(e.get().height()) : OptionalInt.empty();
    }

    @Override
    public int height() {
        return chain.blockTip().height();
    }

    @Override
    public Acceptance accept(Block block) {
        Hash hash = block.hash();
        if (chain.index().isInvalid(hash)) {
            return new Acceptance.Invalid(hash, RejectReason.DUPLICATE_INVALID.penalty(), "block " + hash + " is known to be invalid");
        }
        if (contains(hash)) {
            return new Acceptance.Duplicate(hash);
        }
        // Context-free checks first: an orphan that breaks them (weight, Merkle root, witness commitment) is
        // invalid, not kept.
        Verdict<BlockRejectReason> verdict = BlockValidator.validate(block, chain.params());
        if (verdict.isRejected()) {
            return new Acceptance.Invalid(hash, verdict.penalty(), "invalid block " + hash + ": " + verdict);
        }
        Hash parent = block.header().prevHash();
        if (!contains(parent)) {
            return new Acceptance.Orphan(hash, Set.of(parent));
        }
        if (!chain.index().contains(hash)) {
            AttachResult r = attacher.attach(List.of(block.header()), scheduler.nowSeconds());
            if (r.rejection().isPresent()) {
                return new Acceptance.Invalid(hash, r.penalty(), "invalid header " + hash + ": " + r.rejection().get().verdict());
            }
            chain.recordHeaders(r.accepted(), r.tipChange());
        }
        HeaderSyncData entry = chain.index().get(hash).orElseThrow();
        chain.storeBody(entry, block.serialize());
        return new Acceptance.Connected(hash, entry.height());
    }

    @Override
    public GetBlocksMessage requestFromTips(Hash stop) {
        return new GetBlocksMessage(protocolVersion, chain.index().locatorFrom(chain.blockTip()), stop);
    }

    @Override
    public GetBlocksMessage requestBetween(Hash from, Hash stop) {
        Optional<HeaderSyncData> start = chain.index().get(from);
        return start.map(e -> new GetBlocksMessage(protocolVersion, chain.index().locatorFrom(e), stop))
                .orElseGet(() -> requestFromTips(stop));
    }

    @Override
    public List<Hash> blocksAfter(GetBlocksMessage request, int max) {
        return ChainServer.blockInventory(chain, request, chain.blockTip().height(), max);
    }

    @Override
    public Hash continueHash() {
        return chain.blockTip().hash();
    }

    @Override
    public Optional<Message> blockMessage(Hash hash, boolean withWitness) {
        return ChainServer.blockPayload(chain, hash, withWitness).map(b -> new SerializedMessage(BlockMessage.COMMAND, b));
    }

    @Override
    public Optional<Message> headersAnnouncement(List<Hash> hashes) {
        List<BlockHeader> headers = new ArrayList<>(hashes.size());
        for (Hash h : hashes) {
            chain.index().get(h).ifPresent(e -> headers.add(e.header()));
        }
        return headers.isEmpty() ? Optional.empty() : Optional.of(new HeadersMessage(headers));
    }

    @Override
    public List<Hash> transactionIds(Block block) {
        return block.transactions().stream().map(Transaction::txid).toList();
    }

    @Override
    public int sizeOf(Block block) {
        return block.size();
    }
}
