package dev.tributary.dag.message;

import dev.tributary.dag.DagBlock;
import dev.tributary.wire.MessageCodec;
import dev.tributary.wire.WireLimits;

/**
 * The dagtest block-sync messages. A dagtest connection carries Bitcoin's control messages ({@code version}, {@code verack},
 * {@code ping}, {@code pong}, {@code getaddr}, {@code addr}, {@code sendheaders}) and {@code tx}, with the
 * block-sync commands decoded into their dagtest forms:
 *
 * <table>
 *   <caption>dagtest commands</caption>
 *   <tr><th>command</th><th>message</th><th>payload</th></tr>
 *   <tr><td>{@code inv}</td><td>{@link DagInvMessage}</td><td>40-byte entries with heights</td></tr>
 *   <tr><td>{@code getdata}</td><td>{@link DagGetDataMessage}</td><td>40-byte entries with heights</td></tr>
 *   <tr><td>{@code notfound}</td><td>{@link DagNotFoundMessage}</td><td>40-byte entries with heights</td></tr>
 *   <tr><td>{@code getblocks}</td><td>{@link DagGetBlocksMessage}</td><td>start height and stop hash</td></tr>
 *   <tr><td>{@code block}</td><td>{@link DagBlockMessage}</td><td>a {@link DagBlock}</td></tr>
 * </table>
 *
 * <p>Tributary's reconciliation extension adds three commands ({@link #registerReconciliation}), spoken only with
 * peers that advertise {@link #NODE_DAG_RECONCILIATION} in {@code version}: {@code dagtips}
 * ({@link DagTipsMessage}), {@code getdagrange} ({@link GetDagRangeMessage}) and {@code dagrange}
 * ({@link DagRangeMessage}).
 *
 * <p>The commands keep Bitcoin's names, as soterd does (it changed the payloads of btcd's messages, not their
 * names): the network's own message start (see {@link dev.tributary.dag.DagParameters#magic()}) already keeps dagtest frames
 * from ever reaching a Bitcoin codec and the reverse, and a handler dispatches on the message's type, not
 * on its command string. {@code getdata} and {@code notfound} carry heights too because soterd uses one
 * inventory vector for all three. {@code getheaders} and {@code headers} still decode to Bitcoin's messages,
 * which dagtest sync does not use.
 */
public final class DagMessages {
    /** The owner name these registrations carry. */
    public static final String OWNER = "dagtest inventory";
    /** The owner name of the reconciliation commands ({@link #registerReconciliation}). */
    public static final String RECONCILIATION_OWNER = "dagtest reconciliation";

    /**
     * Service bit 24 (the first of the bits Bitcoin leaves to experiments) in {@code version}: the node speaks
     * {@code dagtips}, {@code getdagrange} and {@code dagrange}, and reconciles its DAG with peers that do.
     */
    public static final long NODE_DAG_RECONCILIATION = 1L << 24;

    private DagMessages() {
    }

    /**
     * Registers the dagtest block-sync commands. A dagtest connection also registers Bitcoin's control messages
     * and {@code tx} (see {@code ChainMessages.registerTransactions}).
     */
    public static MessageCodec.Builder register(MessageCodec.Builder codec) {
        int maxInventory = 9 + WireLimits.MAX_INVENTORY * DagInventoryItem.SIZE;
        return codec.register(OWNER, DagInvMessage.COMMAND, DagInvMessage::read, maxInventory)
                .register(OWNER, DagGetDataMessage.COMMAND, DagGetDataMessage::read, maxInventory)
                .register(OWNER, DagNotFoundMessage.COMMAND, DagNotFoundMessage::read, maxInventory)
                .register(OWNER, DagGetBlocksMessage.COMMAND, DagGetBlocksMessage::read, 8192)
                .register(OWNER, DagBlockMessage.COMMAND, DagBlockMessage::read, DagBlock.MAX_SIZE);
    }

    /**
     * Registers Tributary's reconciliation extension: {@code dagtips} ({@link DagTipsMessage}), {@code getdagrange}
     * ({@link GetDagRangeMessage}) and {@code dagrange} ({@link DagRangeMessage}), each with its largest payload.
     */
    public static MessageCodec.Builder registerReconciliation(MessageCodec.Builder codec) {
        String owner = RECONCILIATION_OWNER;
        return codec.register(owner, DagTipsMessage.COMMAND, DagTipsMessage::read, DagTipsMessage.MAX_SIZE)
                .register(owner, GetDagRangeMessage.COMMAND, GetDagRangeMessage::read, GetDagRangeMessage.MAX_SIZE)
                .register(owner, DagRangeMessage.COMMAND, DagRangeMessage::read, DagRangeMessage.MAX_SIZE);
    }
}
