package dev.tributary.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.node.sim.PlantedBugs;
import dev.tributary.node.sim.Simulation;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code tributary sim}: a line per seed, the rate at the end; a failing seed's line names the invariant and is
 * followed by the command line that replays it, which fails with the same line; bad options are usage errors.
 */
class SimCommandTest {

    @Test
    void eachSeedGetsOneLineAndTheLastLineIsTheRate() {
        Cli.Result r = Cli.run("sim", "--seed", "7", "--seeds", "2", "--nodes", "3", "--network", "dagtest",
                "--faults", "latency,hostile", "--steps", "40");

        assertThat(r.exitCode()).as("%s", r).isZero();
        assertThat(r.out()).hasSize(3);
        assertThat(r.out().get(0)).startsWith("seed 7 ok: 3 dagtest nodes agree on height=").contains(" tipshash=")
                .contains("; mined ").contains(" virtual s");
        assertThat(r.out().get(1)).startsWith("seed 8 ok: ");
        assertThat(r.lastOut()).matches("2 seeds, 0 failed, in [0-9.]+ s: [0-9.]+ seeds/s");
    }

    @Test
    void anInterruptedRunSaysWhereItWas() {
        assertThat(SimCommand.interrupted(12, 140, 200, 3, 10, 1))
                .isEqualTo("sim: interrupted in seed 12 at step 140 of 200; 3 of 10 seeds done, 1 failed");
        assertThat(SimCommand.interrupted(4, 200, 200, 0, 1, 0))
                .isEqualTo("sim: interrupted in seed 4 after its 200 steps, settling; 0 of 1 seed done, 0 failed");
    }

    @Test
    void theSameSeedPrintsTheSameLine() {
        String[] args = {"sim", "--seed", "11", "--network", "regtest", "--faults", "loss,crash,partition", "--steps", "60"};

        assertThat(Cli.run(args).out().get(0)).isEqualTo(Cli.run(args).out().get(0)).startsWith("seed 11 ok: 4 regtest");
    }

    /** Runs the command with node 0 of every simulation dropping every third block it serves. */
    private static Cli.Result runWithPlantedBug(String... args) {
        CommandLine cl = new CommandLine(new SimCommand(spec -> Simulation.run(spec, PlantedBugs.neverAnnounceBlocks())));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = Logging.restoringLevels(() -> cl.execute(args));
        return new Cli.Result(code, Cli.lines(out.toString()), Cli.lines(err.toString()));
    }

    @Test
    void aFailingSeedIsReportedWithItsInvariantAndAReplayThatFailsTheSameWay() {
        Cli.Result r = runWithPlantedBug("--seed", "1", "--seeds", "40", "--steps", "200");

        assertThat(r.exitCode()).as("%s", r).isEqualTo(1);
        List<String> failures = r.out().stream().filter(l -> l.contains(" FAILED: ")).toList();
        assertThat(failures).isNotEmpty();
        String failure = failures.get(0);
        assertThat(failure).matches("seed \\d+ FAILED: convergence: the honest nodes still differ .*");
        String replay = r.out().get(r.out().indexOf(failure) + 1);
        String seed = failure.split(" ")[1];
        assertThat(replay).isEqualTo("replay: tributary sim --seed " + seed + " --nodes 4 --network regtest --steps 200");
        assertThat(r.lastOut()).matches("40 seeds, " + failures.size() + " failed, in .*");

        String[] replayArgs = replay.substring("replay: tributary sim ".length()).split(" ");
        Cli.Result again = runWithPlantedBug(replayArgs);

        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.out().get(0)).isEqualTo(failure);
        assertThat(again.out().get(1)).isEqualTo(replay);
    }

    @Test
    void badOptionsAreUsageErrorsInTheUsersTerms() {
        for (String[] args : List.of(
                new String[] {"sim", "--seed", "1", "--network", "mainnet"},
                new String[] {"sim", "--seed", "1", "--faults", "latency,meteor"},
                new String[] {"sim", "--seed", "1", "--nodes", "1"},
                new String[] {"sim", "--seed", "1", "--steps", "0"},
                new String[] {"sim", "--seed", "1", "--seeds", "0"})) {
            Cli.Result r = Cli.run(args);
            assertThat(r.exitCode()).as(Arrays.toString(args)).isEqualTo(2);
            assertThat(String.join("\n", r.err())).as(Arrays.toString(args)).contains("invalid value for option")
                    .doesNotContain("Exception");
        }
        assertThat(String.join("\n", Cli.run("sim", "--seed", "1", "--faults", "meteor").err()))
                .contains("unknown fault 'meteor' (known: latency,loss,reorder,duplicate,partition,crash,hostile)");
    }
}
