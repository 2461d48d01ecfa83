package dev.tributary.dag;

import dev.tributary.bytes.ByteReader;
import dev.tributary.bytes.ByteWriter;
import dev.tributary.bytes.Hash;
import dev.tributary.bytes.MalformedDataException;
import java.util.ArrayList;
import java.util.List;

/**
 * Where two DAGs start to differ, located in one message: Bitcoin's block locator carried over to a BlockDAG. A
 * chain's locator lists block hashes, and the peer finds the newest it knows; in a DAG, having one block at a
 * height says nothing of the other blocks beside it, so a DAG locator lists, for a sample of heights, the
 * {@linkplain DagIndex#digestThrough cumulative digest} of every block up to that height.
 *
 * <p>Heights: the highest tip's and the 9 below it, then steps doubling back (as Bitcoin's locator), always
 * ending with 0; about 10 + log2(height) entries, at most {@value #MAX_ENTRIES}. The peer's answer starts at
 * {@link #firstUnsharedHeight}: one above the highest listed height whose digest it shares, which is at or below
 * the lowest height where the two DAGs differ. Like Bitcoin's, the answer may repeat blocks the asker has
 * between that height and the real fork (fewer the closer the fork is to the tips); it never skips one, unless
 * someone forged a digest collision, which the asker notices because the peer's tips are still missing after
 * the listing (see {@code sync.inventory.DagReconciler}).
 *
 * <p>Wire form, inside {@code getdagrange} ({@code dag.message.GetDagRangeMessage}):
 * <pre>
 *  varint        entry count n, 0..64
 *  36 × n        entries: height int32 LE (&gt;= 0, strictly decreasing), digest (32 bytes)
 * </pre>
 */
public record DagLocator(List<Entry> entries) {
    /** Most entries accepted: a locator of a DAG 2^31 high has 42. */
    public static final int MAX_ENTRIES = 64;
    /** Heights listed one apart below the highest tip before the steps start doubling. */
    private static final int DENSE = 10;

    /** One sampled height and the cumulative digest of every block at or below it. */
    public record Entry(int height, Hash digest) {
        public static final int SIZE = 4 + Hash.LENGTH;

        public Entry {
            if (height < 0) {
                throw new IllegalArgumentException("negative height " + height);
            }
        }
    }

    /**
     * @throws IllegalArgumentException with more than {@value #MAX_ENTRIES} entries, or heights not strictly
     *                                  decreasing
     */
    public DagLocator {
        entries = List.copyOf(entries);
        if (entries.size() > MAX_ENTRIES) {
            throw new IllegalArgumentException("a locator has at most " + MAX_ENTRIES + " entries");
        }
        for (int i = 1; i < entries.size(); i++) {
            if (entries.get(i).height() >= entries.get(i - 1).height()) {
                throw new IllegalArgumentException("locator heights must strictly decrease: " + entries);
            }
        }
    }

    /** The locator of {@code dag}: dense near the highest tip, doubling steps below, ending at height 0. */
    public static DagLocator of(DagIndex dag) {
        List<Entry> out = new ArrayList<>();
        long step = 1;
        for (long h = dag.maxHeight(); h > 0; h -= step) {
            out.add(new Entry((int) h, dag.digestThrough((int) h)));
            if (out.size() >= DENSE) {
                step *= 2;
            }
        }
        out.add(new Entry(0, dag.digestThrough(0)));
        return new DagLocator(out);
    }

    /** A locator of genesis alone: "list everything above genesis", the fallback when a listing missed blocks. */
    public static DagLocator genesisOnly(DagIndex dag) {
        return new DagLocator(List.of(new Entry(0, dag.digestThrough(0))));
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /**
     * Where a listing for the locator's owner starts in {@code dag}: one above the highest entry whose digest
     * {@code dag} shares (up to that height both hold the same blocks); 0 when none is shared. O(n log H).
     */
    public int firstUnsharedHeight(DagIndex dag) {
        for (Entry e : entries) {
            if (dag.digestThrough(e.height()).equals(e.digest())) {
                return e.height() + 1;
            }
        }
        return 0;
    }

    /** Reads the wire form; heights not strictly decreasing or negative, or too many entries, are malformed. */
    public static DagLocator read(ByteReader in) {
        int n = in.readCount(MAX_ENTRIES, Entry.SIZE, "locator entries");
        List<Entry> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int height = in.readInt32LE();
            Hash digest = in.readHash();
            if (height < 0 || (i > 0 && height >= out.get(i - 1).height())) {
                throw new MalformedDataException("locator heights must be >= 0 and strictly decrease; entry " + i
                        + " has height " + height);
            }
            out.add(new Entry(height, digest));
        }
        return new DagLocator(out);
    }

    public void write(ByteWriter out) {
        out.writeVarInt(entries.size());
        for (Entry e : entries) {
            out.writeInt32LE(e.height()).writeHash(e.digest());
        }
    }
}
