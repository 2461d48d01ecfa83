package dev.tributary.net;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;

/**
 * Per-peer queues of inbound events, drained round-robin onto the engine thread: each engine task runs one event
 * of the next peer in turn, so a peer that floods the node with messages delays every other peer by at most one
 * of its messages per turn, instead of by its whole backlog. A peer's events keep their order.
 *
 * <p>A lane whose {@code paused} condition holds when its turn comes (the peer's send queue is full: it does not
 * read our answers) is parked, its events left waiting, until {@link #resume} or {@link #recheckParked} finds the
 * condition gone. Parked events hold the peer's inbound budget, so its reader stops reading: flow control for
 * every kind of answer.
 *
 * <p>{@link #submit} is called from any thread; the rest on the engine thread. One monitor guards the lanes.
 */
public final class FairInbox {
    private final Executor engine;
    private final Map<Long, Lane> lanes = new HashMap<>();
    private final ArrayDeque<Lane> ready = new ArrayDeque<>();

    /** @param engine runs tasks on the engine thread, in order */
    public FairInbox(Executor engine) {
        this.engine = engine;
    }

    private static final class Lane {
        final long id;
        final BooleanSupplier paused;
        final ArrayDeque<Runnable> events = new ArrayDeque<>();
        boolean inRing;
        boolean parked;

        Lane(long id, BooleanSupplier paused) {
            this.id = id;
            this.paused = paused;
        }
    }

    /**
     * Queues {@code event} on the lane of peer {@code id} (made on first use, paused while {@code paused} holds).
     * Any thread.
     */
    public void submit(long id, BooleanSupplier paused, Runnable event) {
        synchronized (this) {
            Lane lane = lanes.computeIfAbsent(id, k -> new Lane(k, paused));
            lane.events.add(event);
            if (!lane.inRing && !lane.parked) {
                lane.inRing = true;
                ready.add(lane);
            }
        }
        engine.execute(this::runOne);
    }

    /** Runs one event of the next lane in turn, if any. Engine thread. */
    private void runOne() {
        Runnable event;
        synchronized (this) {
            while (true) {
                Lane lane = ready.poll();
                if (lane == null) {
                    return;
                }
                if (lane.paused.getAsBoolean()) {
                    lane.inRing = false;
                    lane.parked = true;
                    continue;
                }
                event = lane.events.poll();
                if (lane.events.isEmpty()) {
                    lane.inRing = false;
                } else {
                    ready.add(lane);
                }
                if (event != null) {
                    break;
                }
            }
        }
        event.run();
    }

    /** Peer {@code id}'s send queue drained: its parked events go on. Engine thread. */
    public void resume(long id) {
        int events;
        synchronized (this) {
            Lane lane = lanes.get(id);
            if (lane == null || !lane.parked || lane.paused.getAsBoolean()) {
                return;
            }
            events = unpark(lane);
        }
        for (int i = 0; i < events; i++) {
            engine.execute(this::runOne);
        }
    }

    /** Every parked lane whose condition is gone goes on (the node's send queues drained). Engine thread. */
    public void recheckParked() {
        int events = 0;
        synchronized (this) {
            for (Lane lane : lanes.values()) {
                if (lane.parked && !lane.paused.getAsBoolean()) {
                    events += unpark(lane);
                }
            }
        }
        for (int i = 0; i < events; i++) {
            engine.execute(this::runOne);
        }
    }

    private int unpark(Lane lane) {
        lane.parked = false;
        if (!lane.events.isEmpty()) {
            lane.inRing = true;
            ready.add(lane);
        }
        return lane.events.size();
    }

    /** Peer {@code id} is gone and its last event ran: its lane is dropped once empty. Engine thread. */
    public synchronized void forget(long id) {
        Lane lane = lanes.get(id);
        if (lane != null && lane.events.isEmpty()) {
            lanes.remove(id);
            ready.remove(lane);
        }
    }

    /** Events waiting on peer {@code id}'s lane. */
    public synchronized int waiting(long id) {
        Lane lane = lanes.get(id);
        return lane == null ? 0 : lane.events.size();
    }

    /** Whether peer {@code id}'s lane is parked. */
    public synchronized boolean isParked(long id) {
        Lane lane = lanes.get(id);
        return lane != null && lane.parked;
    }
}
