package dev.tributary.node.cli;

import dev.tributary.node.sim.Fault;
import dev.tributary.node.sim.SimOutcome;
import dev.tributary.node.sim.SimSpec;
import dev.tributary.node.sim.Simulation;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.IntConsumer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tributary sim}: whole-node deterministic simulations ({@link Simulation}), one per seed. Prints one line per
 * seed; for a seed that breaks an invariant, the invariant, what broke it and the command line that replays exactly
 * that simulation; then how many seeds ran per second. Exits 1 when any seed failed.
 */
@Command(name = "sim", mixinStandardHelpOptions = true,
        description = "Simulates N nodes on one thread in virtual time, with faults, and checks that they converge "
                + "and accept nothing invalid; each seed gives one reproducible run.")
final class SimCommand implements Callable<Integer> {
    /** Most seeds one command runs. */
    static final int MAX_SEEDS = 1_000_000;
    /** Most steps of a faulty phase (a few minutes of one seed's run). */
    static final int MAX_STEPS = 1_000_000;

    @Option(names = "--seed", required = true, paramLabel = "S", description = "the (first) seed")
    long seed;

    @Option(names = "--nodes", defaultValue = "4", paramLabel = "N",
            description = "honest nodes, 2.." + SimSpec.MAX_NODES + " (default: ${DEFAULT-VALUE})")
    int nodes;

    @Option(names = "--network", defaultValue = "regtest", paramLabel = "NET",
            description = "regtest or dagtest (default: ${DEFAULT-VALUE})")
    String network;

    @Option(names = "--faults", defaultValue = "", paramLabel = "LIST",
            description = "comma-separated: latency,loss,reorder,duplicate,partition,crash,hostile (default: none)")
    String faults;

    @Option(names = "--steps", defaultValue = "200", paramLabel = "K",
            description = "steps of the faulty phase, 1 to " + MAX_STEPS + " (default: ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--seeds", defaultValue = "1", paramLabel = "M",
            description = "runs seeds S..S+M-1, M from 1 to " + MAX_SEEDS + " (default: ${DEFAULT-VALUE})")
    int seeds;

    @Spec
    CommandLine.Model.CommandSpec spec;

    private final BiFunction<SimSpec, IntConsumer, SimOutcome> runner;

    /** How far the run got, for the line a Ctrl-C prints: seeds done and failed, the seed running and its step. */
    private volatile int done;
    private volatile int failedSoFar;
    private volatile long running;
    private volatile int step;

    SimCommand() {
        this((spec, steps) -> Simulation.run(spec, Simulation.NodeSetup.NONE, steps));
    }

    /** A command whose simulations run through {@code runner} (a test plants a bug in one of the nodes). */
    SimCommand(Function<SimSpec, SimOutcome> runner) {
        this((spec, steps) -> runner.apply(spec));
    }

    private SimCommand(BiFunction<SimSpec, IntConsumer, SimOutcome> runner) {
        this.runner = runner;
    }

    @Override
    public Integer call() throws Exception {
        SimSpec first = parse();
        Logging.silence();
        running = seed;
        return InterruptNotice.during(() -> interrupted(running, step, steps, done, seeds, failedSoFar),
                () -> run(first));
    }

    private int run(SimSpec first) {
        PrintWriter out = spec.commandLine().getOut();
        int failed = 0;
        long started = System.nanoTime();
        for (int i = 0; i < seeds; i++) {
            running = seed + i;
            step = 0;
            SimOutcome o = runner.apply(first.withSeed(seed + i), s -> step = s);
            out.println(line(o));
            if (!o.ok()) {
                out.println("replay: " + o.spec().commandLine());
                failed++;
            }
            out.flush();
            failedSoFar = failed;
            done = i + 1;
        }
        double seconds = Math.max(1e-9, (System.nanoTime() - started) / 1e9);
        out.printf(Locale.ROOT, "%d seed%s, %d failed, in %.1f s: %.2f seeds/s%n", seeds, seeds == 1 ? "" : "s", failed,
                seconds, seeds / seconds);
        return failed == 0 ? 0 : 1;
    }

    /**
     * The line a Ctrl-C prints: the seed that was running and how far it got (a step of {@code steps}, or
     * {@code steps} itself once the nodes heal and settle), and the seeds done of {@code seeds}.
     */
    static String interrupted(long seed, int step, int steps, int done, int seeds, int failed) {
        String where = step < steps ? "at step " + step + " of " + steps : "after its " + steps + " steps, settling";
        return "sim: interrupted in seed " + seed + " " + where + "; " + done + " of " + seeds + " seed"
                + (seeds == 1 ? "" : "s") + " done, " + failed + " failed";
    }

    private SimSpec parse() {
        OptionChecks.range(spec, "--seeds", seeds, 1, MAX_SEEDS);
        OptionChecks.range(spec, "--steps", steps, 1, MAX_STEPS);
        SimSpec.Network net;
        Set<Fault> faultSet;
        try {
            net = SimSpec.Network.parse(network);
        } catch (IllegalArgumentException e) {
            throw usage("--network", e.getMessage());
        }
        try {
            faultSet = Fault.parseList(faults);
        } catch (IllegalArgumentException e) {
            throw usage("--faults", e.getMessage());
        }
        try {
            return new SimSpec(seed, nodes, net, faultSet, steps);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage().contains("step") ? "--steps" : "--nodes", e.getMessage());
        }
    }

    private CommandLine.ParameterException usage(String option, String why) {
        return new CommandLine.ParameterException(spec.commandLine(), "Invalid value for option '" + option + "': " + why);
    }

    /** One line per seed: what the honest nodes agree on, or which invariant broke. */
    static String line(SimOutcome o) {
        String head = "seed " + o.spec().seed() + " ";
        if (!o.ok()) {
            return head + "FAILED: " + o.failure().orElseThrow();
        }
        return head + "ok: " + o.spec().nodes() + " " + o.spec().network().label() + " nodes agree on " + o.tip()
                + "; mined " + o.mined() + ", crashes " + o.crashes() + ", partitions " + o.partitions() + ", forged "
                + o.forged() + "; " + o.messages() + " messages (at most " + o.peakMessages() + " in a second); "
                + o.virtualMillis() / 1000 + " virtual s";
    }
}
