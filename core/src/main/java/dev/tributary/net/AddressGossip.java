package dev.tributary.net;

import dev.tributary.engine.Scheduler;
import dev.tributary.wire.AddrMessage;
import dev.tributary.wire.EmptyMessages;
import dev.tributary.wire.NetworkAddress;
import dev.tributary.wire.TimestampedAddress;
import dev.tributary.wire.WireLimits;
import java.util.ArrayList;
import java.util.List;

/**
 * Address gossip, after Bitcoin Core. An outbound peer is asked once for addresses ({@code getaddr}) when
 * its handshake completes, and its address is marked connected in the {@link AddressBook}.
 * {@code getaddr} is answered once per connection and only to inbound peers (a fingerprinting defence),
 * with up to {@link WireLimits#MAX_ADDRESSES} addresses sampled from the book. Every {@code addr} entry goes
 * into the book, a timestamp more than 10 minutes ahead counting as 5 days old, and the
 * {@link OutboundConnector} is told there may be new addresses to dial.
 *
 * <p>Engine thread only.
 */
final class AddressGossip {
    private final AddressBook book;
    private final Scheduler scheduler;
    private final OutboundConnector outbound;

    AddressGossip(AddressBook book, Scheduler scheduler, OutboundConnector outbound) {
        this.book = book;
        this.scheduler = scheduler;
        this.outbound = outbound;
    }

    /** The handshake with {@code p} completed: an outbound peer is asked for addresses. */
    void peerReady(Peer p) {
        if (!p.inbound()) {
            p.send(EmptyMessages.GetAddr.INSTANCE);
            book.connected(p.address(), scheduler.nowSeconds());
        }
    }

    void onGetAddr(Peer p) {
        // Core answers getaddr once per connection, and only to inbound peers (a fingerprinting defence).
        if (!p.inbound() || p.answeredGetAddr()) {
            return;
        }
        p.markAnsweredGetAddr();
        List<TimestampedAddress> out = new ArrayList<>();
        for (AddressBook.AddressRecord r : book.sample(WireLimits.MAX_ADDRESSES)) {
            out.add(new TimestampedAddress(r.lastSeenSeconds(), NetworkAddress.of(r.services(), r.address())));
        }
        p.send(new AddrMessage(out));
    }

    void onAddr(AddrMessage addr) {
        long now = scheduler.nowSeconds();
        for (TimestampedAddress a : addr.addresses()) {
            long seen = a.time() > now + 600 ? now - 5 * 24 * 3600 : a.time();
            book.add(a.address().toSocketAddress(), a.address().services(), seen);
        }
        outbound.addressesLearned();
    }
}
