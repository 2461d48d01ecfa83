package dev.tributary.node.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What CI runs of {@code tributary sim}: 200 seeds over both networks, each fault alone and all together, and the
 * reproducibility every replay relies on. A failure names each failing seed's invariant and its replay command.
 */
class SimulationSeedsTest {
    private static final Set<Fault> ALL = EnumSet.allOf(Fault.class);

    /** A batch of seeds of one kind. */
    record Batch(SimSpec.Network network, Set<Fault> faults, int nodes, int steps, long firstSeed, int seeds) {
        @Override
        public String toString() {
            return seeds + " " + network.label() + " seeds, " + nodes + " nodes, faults "
                    + (faults.isEmpty() ? "none" : Fault.labels(faults));
        }
    }

    static Stream<Batch> batches() {
        List<Batch> out = new ArrayList<>();
        out.add(new Batch(SimSpec.Network.REGTEST, ALL, 4, 200, 1, 40));
        out.add(new Batch(SimSpec.Network.REGTEST, ALL, 7, 150, 1_000, 15));
        out.add(new Batch(SimSpec.Network.REGTEST, ALL, 2, 200, 2_000, 15));
        long seed = 3_000;
        for (Fault f : Fault.values()) {
            out.add(new Batch(SimSpec.Network.REGTEST, EnumSet.of(f), 4, 150, seed, 5));
            seed += 100;
        }
        out.add(new Batch(SimSpec.Network.DAGTEST, Set.of(), 4, 200, 1, 25));
        out.add(new Batch(SimSpec.Network.DAGTEST, DAG_FAULTS, 4, 200, 1_000, 40));
        out.add(new Batch(SimSpec.Network.DAGTEST, DAG_FAULTS, 6, 150, 2_000, 15));
        for (Fault f : DAG_FAULTS) {
            out.add(new Batch(SimSpec.Network.DAGTEST, EnumSet.of(f), 4, 150, seed, 5));
            seed += 100;
        }
        return out.stream();
    }

    /**
     * Every fault: with the DAG reconciliation (tips exchanged on connect and on change, ranges located by height
     * digests), dagtest nodes converge after loss, partitions and crashes too.
     */
    static final Set<Fault> DAG_FAULTS = EnumSet.allOf(Fault.class);

    @ParameterizedTest(name = "{0}")
    @MethodSource("batches")
    void everySeedKeepsEveryInvariant(Batch batch) {
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < batch.seeds(); i++) {
            SimOutcome o = Simulation.run(new SimSpec(batch.firstSeed() + i, batch.nodes(), batch.network(),
                    batch.faults(), batch.steps()));
            o.failure().ifPresent(f -> failures.add(f + "\n  replay: " + o.spec().commandLine()));
        }
        assertThat(failures).as("failing seeds").isEmpty();
    }

    /**
     * Regression, found by the simulation: a blocks-first node gave up an orphan's missing ancestor after its
     * attempts (some went to peers that could not serve it) and never asked again, since the repeat getblocks for
     * the same root at the same height was suppressed; it stayed two blocks behind forever. Now each tick asks
     * again for the parents orphans wait on that nobody is asked for.
     */
    @Test
    void seed192AnOrphansAncestorGivenUpIsAskedForAgain() {
        SimOutcome o = Simulation.run(new SimSpec(192, 4, SimSpec.Network.REGTEST, ALL, 300));
        assertThat(o.failure()).as("replay: %s", o.spec().commandLine()).isEmpty();
    }

    @Test
    void aSeedRunsTheSameWayTwice() {
        for (SimSpec.Network network : SimSpec.Network.values()) {
            SimSpec spec = new SimSpec(42, 5, network, ALL, 150);
            assertThat(Simulation.run(spec)).isEqualTo(Simulation.run(spec));
        }
    }
}
