package dev.tributary.records;

/**
 * How two digests compare as vector clocks (SData sync 2.1): equal, one before the other (every tick lower or
 * equal, one lower), or concurrent (each has a tick the other lacks: the collections have diverged).
 */
public enum ClockOrder {
    EQUAL,
    BEFORE,
    AFTER,
    CONCURRENT
}
