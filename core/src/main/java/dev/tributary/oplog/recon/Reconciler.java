package dev.tributary.oplog.recon;

import dev.tributary.bytes.ByteReader;
import dev.tributary.bytes.ByteWriter;
import dev.tributary.bytes.MalformedDataException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One side of a range-based set reconciliation, after Negentropy (protocol version 1), over a {@link SortedItems}.
 * The initiator sends {@link #initiate()}; each side answers the other's message with {@link #reconcile}; the
 * initiator learns the items it lacks ({@link Result#need()}) and those the other side lacks ({@link Result#have()}),
 * and is done when its answer would be empty. Stateless between messages: a message carries every open range.
 *
 * <p><b>Message layout.</b> One byte {@code 0x61} (the version), then ranges until the end, each:
 * <pre>
 *   upper bound   varint t (0: infinity, else clock time + 1), varint p (0..32), p bytes of id prefix
 *   mode          varint: 0 skip, 1 fingerprint, 2 id list
 *   payload       fingerprint: 16 bytes; id list: varint n (at most {@value #MAX_IDS_PER_LIST}), then n times
 *                 (varint clock time, 32-byte id), strictly ascending and inside the range
 * </pre>
 * Ranges are consecutive: each starts where the previous ended (the first at the lowest bound), bounds strictly
 * ascending. Ranges after the last are skipped. Varints are Bitcoin's compact-size integers.
 *
 * <p><b>Answers.</b> Skip: nothing to do. Fingerprint: equal to ours, skip; else split ours in {@value #BRANCHING}
 * ranges of equal counts with their fingerprints, or, with fewer than {@value #ID_LIST_THRESHOLD} items, list them.
 * Id list: the initiator records what differs and skips; the other side lists its own items of the range (at most
 * {@value #MAX_IDS_PER_LIST}, the rest as one fingerprint range to continue). When an answer reaches
 * {@value #SOFT_LIMIT} bytes, the ranges not yet answered are answered by one fingerprint range up to infinity, so
 * no message exceeds {@value #MAX_MESSAGE} bytes.
 */
public final class Reconciler {
    public static final int VERSION = 0x61;
    public static final int BRANCHING = 16;
    public static final int ID_LIST_THRESHOLD = 32;
    public static final int MAX_IDS_PER_LIST = 16_384;
    public static final int SOFT_LIMIT = 600_000;
    public static final int MAX_MESSAGE = 1_000_000;
    /** Most ranges one message may hold. */
    public static final int MAX_RANGES = 8_192;

    private static final int SKIP = 0;
    private static final int FINGERPRINT = 1;
    private static final int ID_LIST = 2;

    private final SortedItems items;
    private final boolean initiator;

    /** What one message brought. */
    public record Result(byte[] reply, List<ReconItem> have, List<ReconItem> need) {
        /** True for the initiator when reconciliation is complete (no reply to send). */
        public boolean done() {
            return reply == null;
        }
    }

    public Reconciler(SortedItems items, boolean initiator) {
        this.items = items;
        this.initiator = initiator;
    }

    /** The initiator's first message: the fingerprint of everything (or the list, when small). */
    public byte[] initiate() {
        if (!initiator) {
            throw new IllegalStateException("only the initiator starts a reconciliation");
        }
        Out out = new Out();
        out.split(0, items.size(), Bound.INFINITY);
        return out.finish();
    }

    /**
     * Answers {@code message}.
     *
     * @throws ReconException when the message breaks the format or its limits
     */
    public Result reconcile(byte[] message) throws ReconException {
        if (message.length > MAX_MESSAGE) {
            throw new ReconException("a reconciliation message has at most " + MAX_MESSAGE + " bytes, got "
                    + message.length);
        }
        List<ReconItem> have = new ArrayList<>();
        List<ReconItem> need = new ArrayList<>();
        Out out = new Out();
        try {
            ByteReader in = new ByteReader(message);
            int version = in.readUInt8();
            if (version != VERSION) {
                throw new ReconException("reconciliation version 0x" + Integer.toHexString(version)
                        + " is not spoken here (0x61 is)");
            }
            Bound lower = Bound.ZERO;
            int ranges = 0;
            while (in.remaining() > 0) {
                if (++ranges > MAX_RANGES) {
                    throw new ReconException("a reconciliation message holds at most " + MAX_RANGES + " ranges");
                }
                Bound upper = readBound(in);
                if (upper.compareTo(lower) <= 0) {
                    throw new ReconException("the ranges of a reconciliation message are not ascending (" + upper
                            + " after " + lower + ")");
                }
                int mode = (int) in.readVarInt();
                int lo = items.lowerBound(lower);
                int hi = items.lowerBound(upper);
                if (out.size() > SOFT_LIMIT) {
                    // Answer the rest in one range to be continued; the remaining input is not read.
                    out.range(lower, Bound.INFINITY, FINGERPRINT);
                    out.fingerprint(items.fingerprint(lo, items.size()));
                    return new Result(out.finish(), have, need);
                }
                switch (mode) {
                    case SKIP -> out.skipTo(upper);
                    case FINGERPRINT -> {
                        byte[] theirs = in.readBytes(Fingerprint.BYTES);
                        if (Arrays.equals(theirs, items.fingerprint(lo, hi).bytes())) {
                            out.skipTo(upper);
                        } else {
                            out.split(lo, hi, upper);
                        }
                    }
                    case ID_LIST -> {
                        List<ReconItem> theirs = readIds(in, lower, upper);
                        if (initiator) {
                            Map<Key, ReconItem> remaining = new HashMap<>();
                            theirs.forEach(t -> remaining.put(new Key(t.id()), t));
                            for (int i = lo; i < hi; i++) {
                                byte[] id = items.id(i);
                                if (remaining.remove(new Key(id)) == null) {
                                    have.add(new ReconItem(items.time(i), id));
                                }
                            }
                            theirs.stream().filter(t -> remaining.containsKey(new Key(t.id()))).forEach(need::add);
                            out.skipTo(upper);
                        } else {
                            out.list(lo, hi, upper);
                        }
                    }
                    default -> throw new ReconException("unknown range mode " + mode);
                }
                lower = upper;
            }
        } catch (MalformedDataException e) {
            throw new ReconException("malformed reconciliation message: " + e.getMessage());
        }
        byte[] reply = out.finish();
        if (initiator && reply.length == 1) {
            return new Result(null, have, need);
        }
        return new Result(reply, have, need);
    }

    private static Bound readBound(ByteReader in) throws ReconException {
        long t = in.readVarInt();
        int p = (int) in.readVarInt();
        if (p < 0 || p > SortedItems.ID_BYTES) {
            throw new ReconException("a bound's id prefix has at most 32 bytes, got " + p);
        }
        byte[] prefix = in.readBytes(p);
        if (t == 0) {
            if (p != 0) {
                throw new ReconException("the infinite bound has no id prefix");
            }
            return Bound.INFINITY;
        }
        if (t - 1 < 0 || t - 1 == Long.MAX_VALUE) {
            throw new ReconException("a bound's time is out of range");
        }
        return new Bound(t - 1, prefix);
    }

    private static List<ReconItem> readIds(ByteReader in, Bound lower, Bound upper) throws ReconException {
        long n = in.readVarInt();
        if (n < 0 || n > MAX_IDS_PER_LIST) {
            throw new ReconException("an id list holds at most " + MAX_IDS_PER_LIST + " ids, got " + n);
        }
        if (n * 33 > in.remaining()) {
            throw new ReconException("an id list of " + n + " ids does not fit in the message");
        }
        List<ReconItem> out = new ArrayList<>((int) n);
        ReconItem prev = null;
        for (int i = 0; i < n; i++) {
            long t = in.readVarInt();
            byte[] id = in.readBytes(SortedItems.ID_BYTES);
            if (t < 0 || t == Long.MAX_VALUE) {
                throw new ReconException("an item's time is out of range");
            }
            if (lower.compareToItem(t, id) > 0 || upper.compareToItem(t, id) <= 0) {
                throw new ReconException("item " + t + " of an id list lies outside its range");
            }
            if (prev != null && compare(prev, t, id) >= 0) {
                throw new ReconException("the ids of an id list are not strictly ascending");
            }
            prev = new ReconItem(t, id);
            out.add(prev);
        }
        return out;
    }

    private static int compare(ReconItem a, long t, byte[] id) {
        int c = Long.compare(a.time(), t);
        return c != 0 ? c : Arrays.compareUnsigned(a.id(), id);
    }

    private record Key(byte[] id) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Arrays.equals(k.id, id);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(id);
        }
    }

    /** An answer being written, with skips coalesced and dropped at the end. */
    private final class Out {
        private final ByteWriter w = new ByteWriter();
        /** The upper bound of the last range written or skipped. */
        private Bound written = Bound.ZERO;
        private Bound pendingSkip;

        Out() {
            w.writeUInt8(VERSION);
        }

        int size() {
            return w.size();
        }

        void skipTo(Bound upper) {
            pendingSkip = upper;
        }

        private void flushSkip(Bound lower) {
            if (pendingSkip != null) {
                if (lower.compareTo(written) > 0) {
                    writeBound(lower);
                    w.writeVarInt(SKIP);
                    written = lower;
                }
                pendingSkip = null;
            }
        }

        /** Starts a range [lower, upper) in {@code mode}; lower must be where the previous range ended. */
        void range(Bound lower, Bound upper, int mode) {
            flushSkip(lower);
            writeBound(upper);
            w.writeVarInt(mode);
            written = upper;
        }

        void fingerprint(Fingerprint f) {
            w.writeBytes(f.bytes());
        }

        private Bound lowerOf(int lo) {
            return pendingSkip != null ? pendingSkip : written;
        }

        /** Splits items [lo, hi) ending at {@code upper}. */
        void split(int lo, int hi, Bound upper) {
            Bound lower = lowerOf(lo);
            int count = hi - lo;
            if (count < ID_LIST_THRESHOLD) {
                range(lower, upper, ID_LIST);
                writeIds(lo, hi);
                return;
            }
            int per = count / BRANCHING;
            int extra = count % BRANCHING;
            int at = lo;
            for (int b = 0; b < BRANCHING; b++) {
                int n = per + (b < extra ? 1 : 0);
                int end = at + n;
                Bound u = b == BRANCHING - 1 ? upper : items.boundBefore(end);
                range(b == 0 ? lower : written, u, FINGERPRINT);
                fingerprint(items.fingerprint(at, end));
                at = end;
            }
        }

        /** Lists items [lo, hi) ending at {@code upper}, continuing with a fingerprint range past the list limit. */
        void list(int lo, int hi, Bound upper) {
            Bound lower = lowerOf(lo);
            int room = Math.max(1, (SOFT_LIMIT - w.size()) / 42);
            int max = Math.min(MAX_IDS_PER_LIST, room);
            if (hi - lo <= max) {
                range(lower, upper, ID_LIST);
                writeIds(lo, hi);
                return;
            }
            int end = lo + max;
            Bound cut = items.boundBefore(end);
            range(lower, cut, ID_LIST);
            writeIds(lo, end);
            range(cut, upper, FINGERPRINT);
            fingerprint(items.fingerprint(end, hi));
        }

        private void writeIds(int lo, int hi) {
            w.writeVarInt(hi - lo);
            for (int i = lo; i < hi; i++) {
                w.writeVarInt(items.time(i));
                w.writeBytes(items.id(i));
            }
        }

        private void writeBound(Bound b) {
            if (b.isInfinity()) {
                w.writeVarInt(0);
                w.writeVarInt(0);
                return;
            }
            w.writeVarInt(b.time() + 1);
            w.writeVarInt(b.idPrefix().length);
            w.writeBytes(b.idPrefix());
        }

        byte[] finish() {
            return w.toByteArray();
        }
    }
}
