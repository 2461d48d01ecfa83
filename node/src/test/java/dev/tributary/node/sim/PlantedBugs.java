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
     * silently, as a serving loop with an off-by-one would.
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
}
