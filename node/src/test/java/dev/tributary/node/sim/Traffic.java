package dev.tributary.node.sim;

import dev.tributary.net.InMemoryNetwork;
import dev.tributary.wire.Message;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Every message sent on a simulated network, in order, with its sending and receiving host, recorded when it is sent
 * (before the link decides whether it arrives): what tests ask of "what node A sent node B".
 */
public final class Traffic implements InMemoryNetwork.Observer {
    private record Sent(InetAddress from, InetAddress to, Message message) {
    }

    private record Hook(InetAddress from, InetAddress to, Consumer<Message> hook) {
    }

    private final List<Sent> sent = new ArrayList<>();
    private final List<Hook> hooks = new ArrayList<>();

    /** Records what {@code network} carries from now on. */
    public Traffic(InMemoryNetwork network) {
        network.observe(this);
    }

    @Override
    public void sent(InetAddress from, InetAddress to, Message message) {
        sent.add(new Sent(from, to, message));
        for (Hook h : List.copyOf(hooks)) {
            if (h.from().equals(from) && h.to().equals(to)) {
                h.hook().accept(message);
            }
        }
    }

    /** What {@code from} sent {@code to}, in order. */
    public List<Message> between(InetAddress from, InetAddress to) {
        return sent.stream().filter(s -> s.from().equals(from) && s.to().equals(to)).map(Sent::message).toList();
    }

    /** Runs {@code hook} for each message {@code from} sends {@code to} from now on, as it is sent. */
    public void onSend(InetAddress from, InetAddress to, Consumer<Message> hook) {
        hooks.add(new Hook(from, to, hook));
    }
}
