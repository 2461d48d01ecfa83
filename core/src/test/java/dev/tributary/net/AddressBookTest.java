package dev.tributary.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The address book's bound and its eviction order, in constant time per address. */
class AddressBookTest {

    private static InetSocketAddress addr(int n) {
        try {
            return new InetSocketAddress(InetAddress.getByAddress(new byte[] {(byte) 100, (byte) (n >> 16),
                    (byte) (n >> 8), (byte) n}), 8333);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aFullBookDropsTheOldestNeverConnectedAndFailedFirst() {
        AddressBook book = new AddressBook(new Random(1));
        book.add(addr(0), 1, 0);
        book.connected(addr(0), 10); // proven
        book.add(addr(1), 1, 0);
        book.failed(addr(1)); // never connected and failed: the least worthy
        for (int i = 2; i < AddressBook.MAX_ENTRIES; i++) {
            book.add(addr(i), 1, 0);
        }
        assertThat(book.size()).isEqualTo(AddressBook.MAX_ENTRIES);
        book.add(addr(1_000_000), 1, 0);
        assertThat(book.addresses()).doesNotContain(addr(1)).contains(addr(0), addr(2));
        book.add(addr(1_000_001), 1, 0);
        assertThat(book.addresses()).as("then the oldest never connected").doesNotContain(addr(2)).contains(addr(0));
        assertThat(book.size()).isEqualTo(AddressBook.MAX_ENTRIES);
    }

    @Test
    void aFloodOfNewAddressesIntoAFullBookCostsConstantTimeEach() {
        AddressBook book = new AddressBook(new Random(2));
        for (int i = 0; i < AddressBook.MAX_ENTRIES; i++) {
            book.add(addr(i), 1, 0);
        }
        long t = System.nanoTime();
        for (int i = 0; i < 200_000; i++) {
            book.add(addr(AddressBook.MAX_ENTRIES + i), 1, 0);
        }
        long millis = (System.nanoTime() - t) / 1_000_000;
        // A scan of the book per address (the old eviction) took minutes here: 200,000 x 20,000 entries.
        assertThat(millis).as("200,000 evictions, ms").isLessThan(5_000);
        assertThat(book.size()).isEqualTo(AddressBook.MAX_ENTRIES);
    }

    /** Whatever is added, connected and failed, the book never passes its bound and keeps connected addresses. */
    @Property(tries = 20)
    void theBoundHoldsAndProvenAddressesOutliveUntriedOnes(@ForAll @IntRange(min = 0, max = 30_000) int extra) {
        AddressBook book = new AddressBook(new Random(3));
        book.add(addr(7), 1, 0);
        book.connected(addr(7), 1);
        for (int i = 0; i < AddressBook.MAX_ENTRIES + extra; i++) {
            book.add(addr(100 + i), 1, 0);
            if (i % 7 == 0) {
                book.failed(addr(100 + i));
            }
            if (book.size() > AddressBook.MAX_ENTRIES) {
                throw new AssertionError("the book holds " + book.size());
            }
        }
        assertThat(book.addresses()).contains(addr(7));
    }
}
