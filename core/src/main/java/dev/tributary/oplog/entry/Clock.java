package dev.tributary.oplog.entry;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * OrbitDB's Lamport clock of an entry: {@code {id, time}}, where {@code id} is the writer's public key (hex) and
 * {@code time} counts up from 0. Ordered as OrbitDB's {@code compareClocks}: by time, then, for equal times, by
 * id (string order, UTF-16 code units as JavaScript compares them).
 */
public record Clock(String id, long time) implements Comparable<Clock> {
    public Clock {
        Objects.requireNonNull(id, "id");
        if (time < 0) {
            throw new IllegalArgumentException("a clock's time is not negative: " + time);
        }
    }

    /** The clock at time 0 of a writer. */
    public static Clock start(String id) {
        return new Clock(id, 0);
    }

    /** This clock advanced by one. */
    public Clock tick() {
        return new Clock(id, time + 1);
    }

    /** A clock of this id at {@code max(time, other's time)}: the clock before a new entry that follows both. */
    public Clock merge(Clock other) {
        return new Clock(id, Math.max(time, other.time));
    }

    @Override
    public int compareTo(Clock o) {
        int byTime = Long.compare(time, o.time);
        return byTime != 0 ? byTime : id.compareTo(o.id);
    }

    /** The dag-cbor value {@code {id, time}}. */
    Map<String, Object> toValue() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("time", time);
        return m;
    }
}
