package dev.tributary.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The heap's two peaks while it is open, told by the collectors' notifications (HotSpot's), each the sum of the heap
 * pools' use at one instant:
 * <ul>
 *   <li>{@link #peakMb()}: the most heap in use at any moment, garbage included. Use only grows between
 *       collections, so its highs are right before each collection (and now): the largest of those. Unlike the sum
 *       of each pool's own peak, which adds highs reached at different moments, it never exceeds the maximum heap.
 *   <li>{@link #peakAfterGcMb()}: the most heap left right after a collection: what the program kept, not the
 *       garbage a collector let pile up before it ran (that grows with the maximum heap the JVM chose).
 * </ul>
 */
public final class HeapPeaks implements AutoCloseable {
    private final Set<String> heapPools = new HashSet<>();
    private final AtomicLong peak = new AtomicLong();
    private final AtomicLong peakAfterGc = new AtomicLong();
    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private final NotificationListener listener = this::collected;

    private HeapPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                heapPools.add(pool.getName());
            }
        }
    }

    /** Starts watching the collections. */
    public static HeapPeaks watch() {
        HeapPeaks w = new HeapPeaks();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(w.listener, null, null);
                w.emitters.add(emitter);
            }
        }
        w.peak.set(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        return w;
    }

    private void collected(Notification n, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
            return;
        }
        GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
        peak.accumulateAndGet(heapUsed(info.getGcInfo().getMemoryUsageBeforeGc()), Math::max);
        peakAfterGc.accumulateAndGet(heapUsed(info.getGcInfo().getMemoryUsageAfterGc()), Math::max);
    }

    private long heapUsed(Map<String, MemoryUsage> pools) {
        long used = 0;
        for (var pool : pools.entrySet()) {
            if (heapPools.contains(pool.getKey())) {
                used += pool.getValue().getUsed();
            }
        }
        return used;
    }

    /** The most heap in use at any moment so far (right before a collection, or now), in MiB. */
    public double peakMb() {
        long now = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        return Math.max(peak.get(), now) / 1048576.0;
    }

    /** The largest heap in use right after a collection so far, in MiB; zero when no collection ran. */
    public double peakAfterGcMb() {
        return peakAfterGc.get() / 1048576.0;
    }

    @Override
    public void close() {
        for (NotificationEmitter e : emitters) {
            try {
                e.removeNotificationListener(listener);
            } catch (ListenerNotFoundException ignored) {
                // already gone
            }
        }
    }
}
