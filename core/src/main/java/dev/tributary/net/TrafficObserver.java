package dev.tributary.net;

import dev.tributary.wire.WireFormat;

/**
 * Told of every frame a {@link TcpTransport} reads or writes, for metrics. Called on the connections' reader and
 * writer threads, so an implementation is thread-safe and quick. The command is as the frame header names it: a
 * peer may send any name, so an observer that labels by command bounds them (for example to those the format's
 * codec knows).
 */
public interface TrafficObserver {
    /** Observes nothing. */
    TrafficObserver NONE = new TrafficObserver() {
        @Override
        public void received(WireFormat format, String command, long bytes) {
        }

        @Override
        public void sent(WireFormat format, String command, long bytes) {
        }
    };

    /** A frame of {@code bytes} bytes (header included) arrived, speaking {@code format}. */
    void received(WireFormat format, String command, long bytes);

    /** A frame of {@code bytes} bytes (header included) was written. */
    void sent(WireFormat format, String command, long bytes);
}
