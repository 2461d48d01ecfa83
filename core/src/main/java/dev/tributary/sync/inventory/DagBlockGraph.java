package dev.tributary.sync.inventory;

import dev.tributary.chain.BlockRejectReason;
import dev.tributary.dag.DagRejectReason;
import dev.tributary.validation.Verdict;
import dev.tributary.bytes.Hash;
import dev.tributary.chain.BlockValidator;
import dev.tributary.dag.BlockAtHeight;
import dev.tributary.dag.DagBlock;
import dev.tributary.dag.message.DagBlockMessage;
import dev.tributary.dag.message.DagGetBlocksMessage;
import dev.tributary.dag.DagIndex;
import dev.tributary.dag.DagParameters;
import dev.tributary.dag.DagState;
import dev.tributary.dag.store.DagStore;
import dev.tributary.dag.DagValidator;
import dev.tributary.engine.Scheduler;
import dev.tributary.wire.Message;
import dev.tributary.chain.Transaction;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A dagtest BlockDAG as a {@link BlockGraph} (soterd's netsync over its DAG): a {@link DagIndex} in memory,
 * kept in a {@link DagStore}, and a {@link DagValidator} whose clock is the injected {@link Scheduler}'s.
 *
 * <ul>
 *   <li>{@link #accept}: {@link DagValidator}'s rules, then Core's context-free {@code CheckTransaction}
 *       ({@link BlockValidator#checkTransaction}) for every transaction, which dagtest's validator leaves out;
 *       a block missing parents (and passing both) is an {@link Acceptance.Orphan} naming every missing parent
 *       (not only the first); a valid block is stored (one atomic batch), then its header added to the index,
 *       and is {@link Acceptance.Connected} at its own height. Rejections carry {@link Verdict<DagRejectReason>#penalty()},
 *       or the transaction rule's {@link Verdict<BlockRejectReason>#penalty()}.</li>
 *   <li>Memory holds headers only ({@link DagIndex}); {@link #blockMessage} reads the body from the
 *       {@link DagStore}.</li>
 *   <li>Height, for sync-peer choice and "current": the highest tip's height, as soterd compares DAG
 *       heights.</li>
 *   <li>{@code getblocks} ({@link DagGetBlocksMessage}) asks by start height: {@link #requestFromTips} from our
 *       highest tip's height, {@link #requestBetween} from the height of the given block; both include that
 *       height, so blocks sharing it that we lack are listed too. Answers come from
 *       {@link DagIndex#blocksFromHeight} (canonical order, parents first).</li>
 *   <li>The continue hash is the zero hash: soterd's "ask me for more".</li>
 *   <li>No {@code headers} announcement: peers that sent {@code sendheaders} get an {@code inv}.</li>
 * </ul>
 *
 * Engine thread only.
 */
public final class DagBlockGraph implements BlockGraph<DagBlock, DagGetBlocksMessage> {
    private final DagParameters params;
    private final DagIndex index;
    private final DagStore store;
    private final DagValidator validator;
    private final Scheduler scheduler;
    private final int protocolVersion;
    private final DagInventoryDialect dialect;

    private DagBlockGraph(DagParameters params, DagIndex index, DagStore store, Scheduler scheduler, int protocolVersion) {
        this.params = params;
        this.index = index;
        this.store = store;
        this.validator = new DagValidator(params);
        this.scheduler = scheduler;
        this.protocolVersion = protocolVersion;
        this.dialect = new DagInventoryDialect(index::height, this::height);
    }

    /**
     * The DAG kept in {@code store}, loaded into memory.
     *
     * @param protocolVersion the version put in {@code getblocks}
     * @throws dev.tributary.store.StoreException when the stored DAG is damaged
     */
    public static DagBlockGraph open(DagStore store, DagParameters params, Scheduler scheduler, int protocolVersion) {
        return new DagBlockGraph(params, store.load(), store, scheduler, protocolVersion);
    }

    public DagParameters params() {
        return params;
    }

    /** The DAG in memory, to read or to mine on; blocks enter only through {@link #accept}. */
    public DagIndex index() {
        return index;
    }

    public DagStore store() {
        return store;
    }

    /** The current DAG state: tips, tips hash, min and max tip height, block count. */
    public DagState state() {
        return index.state();
    }

    @Override
    public Hash hashOf(DagBlock block) {
        return block.hash();
    }

    @Override
    public boolean contains(Hash hash) {
        return index.contains(hash);
    }

    @Override
    public OptionalInt heightOf(Hash hash) {
        return index.height(hash);
    }

    /** The highest tip's height (the highest block is always a tip). */
    @Override
    public int height() {
        return index.maxHeight();
    }

    @Override
    public Acceptance accept(DagBlock block) {
        Hash hash = block.hash();
        if (index.contains(hash)) {
            return new Acceptance.Duplicate(hash);
        }
        Verdict<DagRejectReason> verdict = validator.validate(block, index, scheduler.nowSeconds());
        if (verdict.isRejected()) {
            return new Acceptance.Invalid(hash, verdict.penalty(), "invalid dagtest block " + hash + ": " + verdict);
        }
        Optional<Acceptance.Invalid> badTransaction = checkTransactions(block);
        if (badTransaction.isPresent()) {
            return badTransaction.get();
        }
        if (verdict.isOrphan()) {
            return new Acceptance.Orphan(hash, new HashSet<>(verdict.missingParents()));
        }
        store.save(block);
        index.add(block);
        return new Acceptance.Connected(hash, block.height());
    }

    /**
     * Core's context-free {@code CheckTransaction} ({@link BlockValidator#checkTransaction}, what the memory
     * pool applies) for each transaction, the coinbase included: the first that breaks a rule makes the block
     * invalid with that rule's penalty. Context-free, so a block failing it is not kept as an orphan either.
     */
    private static Optional<Acceptance.Invalid> checkTransactions(DagBlock block) {
        List<Transaction> txs = block.transactions();
        for (int i = 0; i < txs.size(); i++) {
            Verdict<BlockRejectReason> v = BlockValidator.checkTransaction(txs.get(i));
            if (v.isRejected()) {
                return Optional.of(new Acceptance.Invalid(block.hash(), v.penalty(), "invalid dagtest block "
                        + block.hash() + ": transaction " + i + " breaks a rule: " + v));
            }
        }
        return Optional.empty();
    }

    @Override
    public DagGetBlocksMessage requestFromTips(Hash stop) {
        return new DagGetBlocksMessage(protocolVersion, height(), stop);
    }

    @Override
    public DagGetBlocksMessage requestBetween(Hash from, Hash stop) {
        OptionalInt h = index.height(from);
        return h.isPresent() ? new DagGetBlocksMessage(protocolVersion, h.getAsInt(), stop) : requestFromTips(stop);
    }

    @Override
    public List<Hash> blocksAfter(DagGetBlocksMessage request, int max) {
        return index.blocksFromHeight(request.startHeight(), request.stopHash(), max).stream()
                .map(BlockAtHeight::hash).toList();
    }

    /** The zero hash: soterd's "ask me for more". */
    @Override
    public Hash continueHash() {
        return Hash.ZERO;
    }

    @Override
    public Optional<Message> blockMessage(Hash hash, boolean withWitness) {
        return index.contains(hash) ? store.block(hash).map(DagBlockMessage::new) : Optional.empty();
    }

    /** None: dagtest has no {@code headers} announcement. */
    @Override
    public Optional<Message> headersAnnouncement(List<Hash> hashes) {
        return Optional.empty();
    }

    @Override
    public List<Hash> transactionIds(DagBlock block) {
        return block.transactions().stream().map(Transaction::txid).toList();
    }

    @Override
    public InventoryDialect dialect() {
        return dialect;
    }

    @Override
    public int sizeOf(DagBlock block) {
        return block.size();
    }
}
