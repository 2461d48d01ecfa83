package dev.tributary.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;

/**
 * What networks a data directory is for: {@code DATADIR/networks}, one network name a line, written when a node
 * first runs there. A node asked to run other networks in it is refused before anything is opened, so a
 * mistyped {@code --network} or a config file pointing at another node's directory cannot mix two networks' data.
 */
public final class NetworksFile {
    /** The file's name in the data directory. */
    public static final String NAME = "networks";

    private NetworksFile() {
    }

    /**
     * Records {@code networks} in {@code datadir}, or checks them against those it records.
     *
     * @throws IllegalStateException naming the directory's networks and the ones asked for, when they differ
     * @throws UncheckedIOException  naming the file when it cannot be read or written
     */
    public static void checkOrRecord(Path datadir, List<String> networks) {
        Path file = datadir.resolve(NAME);
        TreeSet<String> asked = new TreeSet<>(networks);
        try {
            if (Files.exists(file)) {
                TreeSet<String> held = new TreeSet<>();
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    if (!line.isBlank()) {
                        held.add(line.strip());
                    }
                }
                if (!held.equals(asked)) {
                    throw new IllegalStateException("data directory " + datadir + " is for " + String.join(" and ", held)
                            + ", not " + String.join(" and ", asked) + ": give the network" + (held.size() == 1 ? "" : "s")
                            + " it was made for, or"
                            + " another data directory");
                }
                return;
            }
            Files.createDirectories(datadir);
            Files.write(file, asked, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The networks a node recorded in {@code datadir} when it first ran there, empty when none has run there yet.
     *
     * @throws UncheckedIOException naming the file when it cannot be read
     */
    public static List<String> recorded(Path datadir) {
        Path file = datadir.resolve(NAME);
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream().map(String::strip)
                    .filter(l -> !l.isEmpty()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Refuses a tool's writing {@code network}'s data into {@code datadir} when the directory's node recorded other
     * networks: that node would refuse to run {@code network}, so what the tool wrote would never be served.
     *
     * @param written what the tool writes, for the message: "what is mined", "what is imported"
     * @throws IllegalStateException naming the directory's networks and {@code network}
     */
    public static void refuseAnotherNetwork(Path datadir, String network, String written) {
        List<String> held = recorded(datadir);
        if (!held.isEmpty() && !held.contains(network)) {
            throw new IllegalStateException("data directory " + datadir + " is for " + String.join(" and ", held)
                    + ", not " + network + ": its node would refuse to run " + network + ", so " + written
                    + " would never be served; give the network it was made for, or another data directory");
        }
    }
}
