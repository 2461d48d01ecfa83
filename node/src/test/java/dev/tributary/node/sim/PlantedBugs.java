package dev.tributary.node.sim;

/**
 * Bugs planted in one node of a simulation, for tests that show {@code tributary sim} finds them: each is a
 * {@link Simulation.NodeSetup} that wraps the transport of node 0 ({@link OutgoingFilter}); the node's own code and
 * every other node stay as they are.
 */
public final class PlantedBugs {
    private PlantedBugs() {
    }

    /**
     * Node 0 drops every third {@code block} it sends, that is every third answer to a {@code getdata} for a block,
     * silently, as a serving loop with an off-by-one would. The protocol survives it: late requests are asked again,
     * of another peer in turn.
     */
    public static Simulation.NodeSetup dropEveryThirdBlockAnswer() {
        return (index, node) -> {
            if (index != 0) {
                return;
            }
            int[] blocks = {0};
            node.wrapTransport(t -> new OutgoingFilter(t, m -> m.command().equals("block") && ++blocks[0] % 3 == 0));
        };
    }

    /**
     * Node 0 never announces a block: every {@code inv} of blocks and every {@code headers} announcement (one
     * header) it sends is dropped, silently, as a relay whose trigger never fires would. Its answers to
     * {@code getheaders} and {@code getdata} still go out.
     */
    public static Simulation.NodeSetup neverAnnounceBlocks() {
        return (index, node) -> {
            if (index != 0) {
                return;
            }
            node.wrapTransport(t -> new OutgoingFilter(t, m -> isAnnouncement(m)));
        };
    }

    private static boolean isAnnouncement(dev.tributary.wire.Message m) {
        if (m instanceof dev.tributary.chain.message.InvMessage inv) {
            return inv.items().stream().allMatch(dev.tributary.chain.message.InventoryItem::isBlock);
        }
        return m instanceof dev.tributary.chain.message.HeadersMessage h && h.headers().size() == 1;
    }
}
