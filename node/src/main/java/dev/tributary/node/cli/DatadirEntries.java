package dev.tributary.node.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What a data directory held before a command wrote to it, so that a start that fails takes back what it wrote:
 * the directory itself when it did not exist, else the entries that were not there (a new store, identity, cookie,
 * records.db). What was there stays, whatever the failure: a file (not a directory) at the data directory's path is
 * never removed.
 */
final class DatadirEntries {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger("dev.tributary.node");
    private final Path dir;
    /** The entries there were, or null when the directory did not exist. */
    private final Set<Path> before;
    private volatile boolean kept;

    private DatadirEntries(Path dir, Set<Path> before) {
        this.dir = dir;
        this.before = before;
    }

    /**
     * What {@code dir} holds now. When something other than a directory is there, nothing will ever be removed: it is
     * the user's, and the command fails on it.
     */
    static DatadirEntries of(Path dir) throws IOException {
        if (Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(dir)) {
            // a file (or a link to one) where the directory should be: the command fails on it, and it is not ours to
            // take back
            DatadirEntries notOurs = new DatadirEntries(dir, Set.of());
            notOurs.keep();
            return notOurs;
        }
        if (!Files.isDirectory(dir)) {
            return new DatadirEntries(dir, null);
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return new DatadirEntries(dir, entries.collect(Collectors.toUnmodifiableSet()));
        }
    }

    /** The start succeeded: what it wrote stays. */
    void keep() {
        kept = true;
    }

    /** Unless {@link #keep} was called, removes what was written since {@link #of}; failures are logged. */
    void removeNewUnlessKept() {
        if (kept) {
            return;
        }
        try {
            if (before == null) {
                delete(dir);
                return;
            }
            List<Path> now;
            try (Stream<Path> entries = Files.list(dir)) {
                now = entries.filter(p -> !before.contains(p)).toList();
            }
            for (Path p : now) {
                delete(p);
            }
        } catch (IOException e) {
            LOG.warn("Cannot remove what the failed start wrote in {}: {}", dir, UserErrors.describe(e));
        }
    }

    private static void delete(Path root) throws IOException {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
