package dev.tributary.oplog.log;

import dev.tributary.oplog.cid.Cid;
import dev.tributary.oplog.entry.Entry;
import dev.tributary.oplog.store.OrderKey;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * OrbitDB 4's {@code log.iterator} ({@code log.js}) over the order index. OrbitDB traverses the DAG from a start
 * set (the heads, the {@code lte} entry, or the {@code next} entries of the {@code lt} entry), always popping the
 * greatest entry in its order; since every entry's clock time exceeds its parents' (checked at join), that is the
 * start set and its ancestors in descending order. From the heads that is the whole log: a plain scan of the
 * index. From another start, the scan keeps the set of entries it still expects (the {@code next} links of those it
 * met, at most the width of the DAG) and skips the rest. The stopping rules and the {@code amount} buffer are
 * OrbitDB's, quirks included (see {@link LogRange}). Pages of the index are read one at a time: memory is bounded
 * by the page, the expected set, and {@code amount} when it is buffered.
 */
final class LogIterator implements Iterator<Entry> {
    private static final int PAGE = 256;

    private final OpLog log;
    private final Cid end;
    private final boolean skipEnd;
    private final long amountToIterate;
    private final int amount;
    private final boolean useBuffer;
    /** Expected entries when starting from lt/lte; null when traversing the whole log. */
    private final Set<Cid> expected;
    private byte[] position;
    private final ArrayDeque<OrderKey> page = new ArrayDeque<>();
    private boolean indexDone;
    private boolean stopped;
    private long count;
    private ArrayDeque<Cid> buffer;
    private Entry next;

    LogIterator(OpLog log, LogRange range) {
        this.log = log;
        this.amount = range.amount();
        if (amount == 0) {
            // OrbitDB returns before looking at the bounds.
            stopped = true;
            end = null;
            skipEnd = false;
            amountToIterate = 0;
            useBuffer = false;
            expected = null;
            return;
        }
        this.end = range.gt() != null ? range.gt() : range.gte();
        this.skipEnd = range.gt() != null;
        if (end != null) {
            require(end, range.gt() != null ? "gt" : "gte");
        }
        this.amountToIterate = (end != null || amount == -1) ? -1 : amount;
        boolean startBound = range.lt() != null || range.lte() != null;
        this.useBuffer = end != null && amount != -1 && !startBound;
        if (useBuffer) {
            buffer = new ArrayDeque<>();
        }
        if (range.lt() != null) {
            Entry lt = require(range.lt(), "lt");
            expected = new HashSet<>(lt.nextCids());
        } else if (range.lte() != null) {
            require(range.lte(), "lte");
            expected = new HashSet<>(List.of(range.lte()));
        } else {
            expected = null;
        }
        if (expected != null) {
            OrderKey top = null;
            for (Cid c : expected) {
                OrderKey k = log.store().orderKey(c).orElseThrow();
                if (top == null || k.compareTo(top) > 0) {
                    top = k;
                }
            }
            if (top == null) {
                indexDone = true;
            } else {
                position = top.encode();
            }
        }
    }

    private Entry require(Cid cid, String bound) {
        return log.get(cid).orElseThrow(() -> new IllegalArgumentException(
                "the bound " + bound + " names entry " + cid + ", which is not in " + log.id()));
    }

    @Override
    public boolean hasNext() {
        if (next == null) {
            next = produce();
        }
        return next != null;
    }

    @Override
    public Entry next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Entry e = next;
        next = null;
        return e;
    }

    private Entry produce() {
        while (!stopped) {
            Entry e = traverse();
            if (e == null) {
                stopped = true;
                break;
            }
            count++;
            boolean isEnd = end != null && end.equals(e.cid());
            if ((amountToIterate != -1 && count >= amountToIterate) || isEnd) {
                stopped = true;
            }
            if (skipEnd && isEnd) {
                continue;
            }
            if (useBuffer) {
                buffer.addLast(e.cid());
                if (buffer.size() > amount) {
                    buffer.removeFirst();
                }
                continue;
            }
            return e;
        }
        if (useBuffer && !buffer.isEmpty()) {
            Cid c = buffer.removeFirst();
            return log.get(c).orElseThrow();
        }
        return null;
    }

    /** The next entry of OrbitDB's traversal from the start set, or null at its end. */
    private Entry traverse() {
        while (true) {
            if (expected != null && expected.isEmpty()) {
                return null;
            }
            OrderKey key = nextKey();
            if (key == null) {
                return null;
            }
            if (expected == null) {
                return log.get(key.cid()).orElseThrow();
            }
            if (expected.remove(key.cid())) {
                Entry e = log.get(key.cid()).orElseThrow();
                expected.addAll(e.nextCids());
                return e;
            }
        }
    }

    private OrderKey nextKey() {
        if (page.isEmpty() && !indexDone) {
            List<OrderKey> keys = new ArrayList<>(PAGE);
            log.store().scanOrderBytes(position, k -> {
                keys.add(k);
                return keys.size() < PAGE;
            });
            if (keys.size() < PAGE) {
                indexDone = true;
            }
            if (!keys.isEmpty()) {
                byte[] last = keys.get(keys.size() - 1).encode();
                position = java.util.Arrays.copyOf(last, last.length + 1);
            }
            page.addAll(keys);
        }
        return page.pollFirst();
    }
}
