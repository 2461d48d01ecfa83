package dev.tributary.node.sim;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * One simulation, entirely: everything it does follows from these values, so the same spec always runs the same
 * way and ends with the same result.
 *
 * @param seed    where every random choice comes from
 * @param nodes   honest nodes (a hostile node comes on top, with {@link Fault#HOSTILE})
 * @param network {@link Network#REGTEST} or {@link Network#DAGTEST}
 * @param faults  what may go wrong
 * @param steps   how many steps the faulty phase lasts (each a fraction of a virtual second to a second and a half)
 */
public record SimSpec(long seed, int nodes, Network network, Set<Fault> faults, int steps) {
    /** Most nodes a simulation runs. */
    public static final int MAX_NODES = 32;

    /** The networks a simulation can run. */
    public enum Network {
        REGTEST, DAGTEST;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /**
         * @throws IllegalArgumentException naming the networks a simulation runs
         */
        public static Network parse(String name) {
            try {
                return valueOf(name.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("a simulation runs regtest or dagtest, not '" + name + "'");
            }
        }
    }

    public SimSpec {
        if (nodes < 2 || nodes > MAX_NODES) {
            throw new IllegalArgumentException("a simulation runs 2 to " + MAX_NODES + " nodes, not " + nodes);
        }
        if (steps < 1) {
            throw new IllegalArgumentException("a simulation runs at least 1 step, not " + steps);
        }
        faults = java.util.Collections.unmodifiableSet(faults.isEmpty() ? EnumSet.noneOf(Fault.class) : EnumSet.copyOf(faults));
    }

    /** The same simulation with another seed. */
    public SimSpec withSeed(long value) {
        return new SimSpec(value, nodes, network, faults, steps);
    }

    public boolean has(Fault fault) {
        return faults.contains(fault);
    }

    /** The command line that runs exactly this simulation. */
    public String commandLine() {
        return "tributary sim --seed " + seed + " --nodes " + nodes + " --network " + network.label()
                + (faults.isEmpty() ? "" : " --faults " + Fault.labels(faults)) + " --steps " + steps;
    }
}
