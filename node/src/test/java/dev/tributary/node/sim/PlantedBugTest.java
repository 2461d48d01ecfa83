package dev.tributary.node.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * {@code tributary sim} finds a bug planted in one node: node 0 never announces a block. Healthy regtest networks pass
 * every seed; with the bug some seeds end with honest nodes on different tips, and running such a seed again fails
 * the same way, with the same message. A fault the protocol is meant to survive (node 0 dropping every third block
 * it serves: requests time out and go to another peer) fails no seed.
 */
class PlantedBugTest {
    private static final int SEEDS = 40;

    private static SimSpec spec(long seed) {
        return new SimSpec(seed, 4, SimSpec.Network.REGTEST, Set.of(), 200);
    }

    @Test
    void aNodeThatNeverAnnouncesABlockFailsSomeSeedAndItsReplayFailsTheSameWay() {
        List<SimOutcome> buggy = LongStream.rangeClosed(1, SEEDS)
                .mapToObj(seed -> Simulation.run(spec(seed), PlantedBugs.neverAnnounceBlocks())).toList();
        List<SimOutcome> failed = buggy.stream().filter(o -> !o.ok()).toList();

        assertThat(failed).as("seeds that catch the planted bug").isNotEmpty();
        SimOutcome first = failed.get(0);
        assertThat(first.failure()).hasValueSatisfying(f -> assertThat(f).startsWith("convergence:"));

        SimOutcome replay = Simulation.run(first.spec(), PlantedBugs.neverAnnounceBlocks());
        assertThat(replay.failure()).as("the replay of seed %d", first.spec().seed()).isEqualTo(first.failure());
        assertThat(replay).isEqualTo(first);

        SimOutcome healthy = Simulation.run(first.spec());
        assertThat(healthy.failure()).as("the same seed without the bug").isEqualTo(Optional.empty());
    }

    @Test
    void dropsOfServedBlocksAreSurvived() {
        List<SimOutcome> failed = LongStream.rangeClosed(1, 10)
                .mapToObj(seed -> Simulation.run(spec(seed), PlantedBugs.dropEveryThirdBlockAnswer()))
                .filter(o -> !o.ok()).toList();
        assertThat(failed).as("seeds that failed although every request is asked again of another peer").isEmpty();
    }
}
