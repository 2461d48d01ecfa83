package dev.tributary.oplog.entry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.oplog.OrbitDbVectors;
import dev.tributary.oplog.identity.IdentityStore;
import dev.tributary.oplog.identity.LocalIdentity;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** Whatever bytes arrive, decoding and verifying give an entry, a verdict or an InvalidEntryException: never a crash. */
class EntryPropertiesTest {
    private static final LocalIdentity USER_A = OrbitDbVectors.local("userA");
    private static final Entry HONEST = Entry.create(USER_A, "log", Map.of("op", "PUT", "key", "k", "value", 7L),
            null, List.of(), List.of());

    @Property(tries = 300)
    void aCorruptedEntryIsRejectedOrStillVerifiesOnlyIfUnchanged(@ForAll int position, @ForAll byte value) {
        byte[] bytes = HONEST.bytes();
        int at = Math.floorMod(position, bytes.length);
        boolean changed = bytes[at] != value;
        bytes[at] = value;
        IdentityStore identities = new IdentityStore();
        identities.put(USER_A.identity());
        try {
            Entry e = Entry.decode(bytes);
            boolean accepted = new EntryVerifier(identities).verify(e).isAccepted();
            assertThat(accepted).as("a changed block never verifies").isEqualTo(!changed);
        } catch (InvalidEntryException e) {
            assertThat(changed).isTrue();
            assertThat(e.getMessage()).isNotBlank();
        }
    }

    @Property(tries = 300)
    void arbitraryBytesNeverCrashTheDecoder(@ForAll byte[] bytes) {
        try {
            Entry.decode(bytes);
        } catch (InvalidEntryException e) {
            assertThat(e.reason()).isIn(EntryRejectReason.NON_CANONICAL, EntryRejectReason.MALFORMED);
        }
    }
}
