package dev.tributary.node.sim;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** A kind of trouble a simulation injects at random steps, named as on the command line. */
public enum Fault {
    /** Links get slow: latency drawn from a range up to two seconds. */
    LATENCY,
    /** Links lose frames (up to 30 %). */
    LOSS,
    /** Frames overtake each other. */
    REORDER,
    /** Frames arrive twice (up to 30 %). */
    DUPLICATE,
    /** The honest nodes split in two groups that cannot reach each other, until healed. */
    PARTITION,
    /** A node dies and later restarts from its disk. */
    CRASH,
    /** A hostile node sends invalid blocks and headers, orphans, and announcements of blocks it never serves. */
    HOSTILE;

    /** The name on the command line. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The faults of a comma-separated list such as {@code latency,loss}; empty for an empty list.
     *
     * @throws IllegalArgumentException naming the unknown fault and the known ones
     */
    public static Set<Fault> parseList(String list) {
        Set<Fault> out = EnumSet.noneOf(Fault.class);
        for (String part : list.split(",")) {
            String name = part.trim();
            if (name.isEmpty()) {
                continue;
            }
            try {
                out.add(valueOf(name.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown fault '" + name + "' (known: " + labels(EnumSet.allOf(Fault.class)) + ")");
            }
        }
        return out;
    }

    /** {@code faults} as the command line writes them: comma-separated, in this enum's order. */
    public static String labels(Set<Fault> faults) {
        return faults.stream().sorted().map(Fault::label).collect(Collectors.joining(","));
    }
}
