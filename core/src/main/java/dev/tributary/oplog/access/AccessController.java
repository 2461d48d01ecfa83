package dev.tributary.oplog.access;

import dev.tributary.oplog.entry.Entry;
import dev.tributary.oplog.identity.Identity;

/**
 * Decides who may write to a database, as OrbitDB's access controllers do. Its manifest is a dag-cbor block whose
 * address the database manifest names ({@code accessController}).
 */
public interface AccessController {
    /**
     * Whether {@code entry}, written by {@code identity} (the identity the entry names, already resolved), may be
     * appended. Implementations also refuse an identity that is not the entry's or does not verify.
     */
    boolean canAppend(Entry entry, Identity identity);

    /** OrbitDB's name of the controller type ({@code "ipfs"}). */
    String type();

    /** The address the database manifest names, e.g. {@code /ipfs/zdpu...}. */
    String address();

    /** The controller's manifest block. */
    byte[] manifestBytes();
}
