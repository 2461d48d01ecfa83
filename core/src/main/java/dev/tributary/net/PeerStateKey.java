package dev.tributary.net;

import java.util.Objects;
import java.util.function.Function;

/**
 * Names a protocol's state kept on each {@link Peer}, and makes it when a peer first needs it: how a protocol
 * keeps per-peer state without adding fields to {@code Peer}. Keys are compared by identity; each protocol keeps
 * its own as a constant.
 *
 * @param <T> the state's type
 */
public final class PeerStateKey<T> {
    private final String name;
    private final Function<Peer, T> initial;

    /**
     * @param name    for debugging: which protocol's state this is
     * @param initial makes a peer's state the first time it is asked for
     */
    public PeerStateKey(String name, Function<Peer, T> initial) {
        this.name = Objects.requireNonNull(name, "name");
        this.initial = Objects.requireNonNull(initial, "initial");
    }

    T create(Peer peer) {
        return initial.apply(peer);
    }

    @Override
    public String toString() {
        return name;
    }
}
