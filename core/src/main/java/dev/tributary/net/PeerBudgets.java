package dev.tributary.net;

/**
 * The node-wide memory budgets that all of a node's connections share: inbound (unfinished frames and decoded
 * messages not yet processed) and outbound (send queues). One per node; see {@link InboundBudget} and
 * {@link OutboundBudget}.
 */
public record PeerBudgets(InboundBudget inbound, OutboundBudget outbound) {

    /** The node's defaults. */
    public static PeerBudgets defaults() {
        return new PeerBudgets(InboundBudget.defaults(), OutboundBudget.defaults());
    }
}
