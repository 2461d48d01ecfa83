package dev.tributary.node.sim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Database replication in the deterministic simulation ({@link DbSimulation}): three nodes with concurrent writers
 * of one keyvalue database, under loss, duplication, reordering, latency, a partition and its heal, a crash and a
 * restart. A seed replays exactly; {@code -Dtest=DbSimulationSeedsTest#replay -Ddbsim.seed=N} replays one.
 */
class DbSimulationSeedsTest {
    static final int STEPS = 80;

    private static String replay(long seed) {
        return "mvn -B -ntp -o -pl node test -Dtest=DbSimulationSeedsTest#replay -Ddbsim.seed=" + seed;
    }

    @Test
    void aSeedReplaysExactly() {
        DbSimulation.Outcome first = DbSimulation.run(7, STEPS);
        DbSimulation.Outcome second = DbSimulation.run(7, STEPS);
        assertThat(first.failure()).as("replay: %s", replay(7)).isEmpty();
        assertThat(second.trace()).isEqualTo(first.trace());
        assertThat(second.virtualMillis()).isEqualTo(first.virtualMillis());
        assertThat(DbSimulation.run(8, STEPS).trace()).isNotEqualTo(first.trace());
    }

    /** Replays the seed {@code -Ddbsim.seed} names (seed 1 without it), printing its end state. */
    @Test
    void replay() {
        long seed = Long.getLong("dbsim.seed", 1);
        DbSimulation.Outcome o = DbSimulation.run(seed, STEPS);
        System.out.println("seed " + seed + ": " + o.writes() + " writes, " + o.crashes() + " crash(es), "
                + o.partitions() + " partition(s), " + o.virtualMillis() + " virtual ms\n" + o.trace());
        assertThat(o.failure()).as("seed %d", seed).isEmpty();
    }
}
