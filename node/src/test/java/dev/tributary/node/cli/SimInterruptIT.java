package dev.tributary.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@code tributary sim} stopped by Ctrl-C says how far it got (the seed running, its step, the seeds done), as
 * {@code sync} and {@code records sync} say what they did; not a silent exit.
 */
class SimInterruptIT {

    @Test
    void interruptedByCtrlCItSaysHowFarItGot() throws Exception {
        try (ChildCli sim = ChildCli.start("sim", "--seed", "5", "--seeds", "1000000", "--steps", "200")) {
            sim.awaitOutLine(l -> l.startsWith("seed 5 "), Duration.ofSeconds(120));
            sim.interrupt();
            assertThat(sim.waitFor(Duration.ofSeconds(60))).as(sim.transcript()).isNotZero();
            assertThat(sim.err()).as(sim.transcript()).anySatisfy(l -> assertThat(l)
                    .matches("sim: interrupted in seed \\d+ (at step \\d+ of 200|after its 200 steps, settling); \\d+ of"
                            + " 1000000 seeds done, \\d+ failed"));
        }
    }
}
