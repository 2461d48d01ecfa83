package dev.tributary.oplog.log;

import dev.tributary.oplog.identity.LocalIdentity;
import java.util.ArrayList;
import java.util.List;

/** Writers with fixed keys, so that test logs are the same on every run. */
public final class TestWriters {
    private TestWriters() {
    }

    /** Writer {@code i}: private keys 0x..01 + 2i (id key) and 0x..02 + 2i (signing key). */
    public static LocalIdentity writer(int i) {
        byte[] idKey = new byte[32];
        byte[] signingKey = new byte[32];
        idKey[31] = (byte) (2 * i + 1);
        signingKey[31] = (byte) (2 * i + 2);
        idKey[0] = 0x11;
        signingKey[0] = 0x22;
        return LocalIdentity.fromPrivateKeys(idKey, signingKey);
    }

    public static List<LocalIdentity> list(int n) {
        List<LocalIdentity> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(writer(i));
        }
        return out;
    }
}
