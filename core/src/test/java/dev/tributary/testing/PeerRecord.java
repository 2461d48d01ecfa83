package dev.tributary.testing;

import dev.tributary.bytes.Hash;
import dev.tributary.net.bitcoin.EmptyMessages;
import dev.tributary.wire.Message;
import dev.tributary.net.bitcoin.VersionMessage;
import dev.tributary.wire.WireError;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * What a {@link ScriptedPeer} saw and did, with the waits tests make on it. One monitor (this object) guards
 * everything and wakes waiters on every change; waits end at a deadline with an {@link AssertionError} that
 * says what did arrive.
 */
final class PeerRecord {
    private static final class Received {
        final Message message;
        boolean taken;

        Received(Message message) {
            this.message = message;
        }
    }

    private final List<Received> received = new ArrayList<>();
    private final List<WireError> wireErrors = new ArrayList<>();
    private final Map<String, Long> counts = new LinkedHashMap<>();
    private final List<Hash> blocksSent = new ArrayList<>();
    private final List<Hash> blocksWithheld = new ArrayList<>();
    private VersionMessage peerVersion;
    private boolean verackReceived;
    private boolean connected;
    private boolean closed;
    private String closeReason;

    // ---------------------------------------------------------------- updates

    synchronized void message(Message m) {
        counts.merge(m.command(), 1L, Long::sum);
        if (received.size() < ScriptedPeer.MAX_RECORDED) {
            received.add(new Received(m));
        }
        if (m instanceof VersionMessage v && peerVersion == null) {
            peerVersion = v;
        } else if (m instanceof EmptyMessages.Verack) {
            verackReceived = true;
        }
        notifyAll();
    }

    synchronized void wireError(WireError e) {
        wireErrors.add(e);
        notifyAll();
    }

    synchronized void connected() {
        connected = true;
        notifyAll();
    }

    /** The connection ended; the first reason given is kept. */
    synchronized void ended(String reason) {
        if (!closed) {
            closed = true;
            closeReason = reason;
        }
        notifyAll();
    }

    /** Records {@code hash} as withheld and returns true when {@code limit} (if not negative) blocks went out already. */
    synchronized boolean withholdIfOver(int limit, Hash hash) {
        if (limit >= 0 && blocksSent.size() >= limit) {
            blocksWithheld.add(hash);
            notifyAll();
            return true;
        }
        return false;
    }

    /** Waits until at least {@code n} blocks were withheld; fails after {@code timeout}. */
    synchronized List<Hash> awaitWithheld(int n, java.time.Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (blocksWithheld.size() < n) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("only " + blocksWithheld.size() + " of " + n + " blocks withheld within " + timeout);
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
        return List.copyOf(blocksWithheld);
    }

    /** Records a block sent; returns how many were sent in all. */
    synchronized int blockSent(Hash hash) {
        blocksSent.add(hash);
        notifyAll();
        return blocksSent.size();
    }

    // ---------------------------------------------------------------- queries

    synchronized List<Message> received() {
        return received.stream().map(r -> r.message).toList();
    }

    synchronized <T extends Message> List<T> received(Class<T> type) {
        return received.stream().map(r -> r.message).filter(type::isInstance).map(type::cast).toList();
    }

    synchronized long count(String command) {
        return counts.getOrDefault(command, 0L);
    }

    synchronized List<WireError> wireErrors() {
        return List.copyOf(wireErrors);
    }

    synchronized List<Hash> blocksSent() {
        return List.copyOf(blocksSent);
    }

    synchronized List<Hash> blocksWithheld() {
        return List.copyOf(blocksWithheld);
    }

    synchronized Optional<VersionMessage> peerVersion() {
        return Optional.ofNullable(peerVersion);
    }

    synchronized boolean isClosed() {
        return closed;
    }

    synchronized String closeReason() {
        return closeReason;
    }

    // ---------------------------------------------------------------- waits

    /** The next message of {@code type} matching {@code filter} that no earlier call returned. */
    synchronized <T extends Message> T awaitMessage(Class<T> type, Predicate<? super T> filter, Duration timeout) {
        long deadline = deadline(timeout);
        while (true) {
            for (Received r : received) {
                if (!r.taken && type.isInstance(r.message) && filter.test(type.cast(r.message))) {
                    r.taken = true;
                    return type.cast(r.message);
                }
            }
            if (closed) {
                throw new AssertionError("connection closed (" + closeReason + ") before a " + type.getSimpleName()
                        + " arrived; received " + summary());
            }
            waitUntil(deadline, () -> "no " + type.getSimpleName() + " within " + timeout.toMillis() + " ms; received "
                    + summary());
        }
    }

    synchronized void awaitHandshake(Duration timeout) {
        long deadline = deadline(timeout);
        while (peerVersion == null || !verackReceived) {
            if (closed) {
                throw new AssertionError("connection closed (" + closeReason + ") before the handshake; received "
                        + summary());
            }
            waitUntil(deadline, () -> "no handshake within " + timeout.toMillis() + " ms; received " + summary());
        }
    }

    synchronized void awaitConnected(Duration timeout) {
        long deadline = deadline(timeout);
        while (!connected) {
            if (closed) {
                throw new AssertionError("never connected: " + closeReason);
            }
            waitUntil(deadline, () -> "nobody connected within " + timeout.toMillis() + " ms");
        }
    }

    /** Whether the connection closed within {@code timeout}. */
    synchronized boolean awaitClosed(Duration timeout) {
        long deadline = deadline(timeout);
        while (!closed) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** Commands received with their counts, and the wire errors: for failure messages. */
    synchronized String summary() {
        return counts + (wireErrors.isEmpty() ? "" : ", wire errors " + wireErrors);
    }

    private static long deadline(Duration timeout) {
        return System.nanoTime() + timeout.toNanos();
    }

    /** Waits for a change or the deadline; past the deadline, fails with {@code failure}. Caller holds the monitor. */
    private void waitUntil(long deadline, Supplier<String> failure) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new AssertionError(failure.get());
        }
        try {
            TimeUnit.NANOSECONDS.timedWait(this, left);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted");
        }
    }
}
