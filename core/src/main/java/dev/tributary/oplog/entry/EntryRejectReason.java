package dev.tributary.oplog.entry;

import dev.tributary.validation.Verdict;

/**
 * Why an OrbitDB entry was rejected, with the misbehaviour score for the peer that sent it. The log and
 * replication reuse these for the rules they enforce (write access, log id, clock).
 */
public enum EntryRejectReason implements Verdict.Reason {
    /** The bytes are not canonical dag-cbor. */
    NON_CANONICAL("entry-non-canonical", 100),
    /** Canonical dag-cbor, but not an entry: missing or extra fields, wrong types, unknown version. */
    MALFORMED("entry-malformed", 100),
    /** The bytes do not hash to the CID they were asked for under. */
    CID_MISMATCH("entry-cid-mismatch", 100),
    /** The entry's identity is not known (not found by the resolver): fetch it, then try again. */
    UNKNOWN_IDENTITY("entry-unknown-identity", 0),
    /** The identity given is not the one the entry names. */
    IDENTITY_MISMATCH("entry-identity-mismatch", 100),
    /** The identity's own signatures do not verify. */
    BAD_IDENTITY("entry-bad-identity", 100),
    /** The entry's key is not its identity's publicKey. */
    KEY_MISMATCH("entry-key-mismatch", 100),
    /** The entry's signature does not verify against its key. */
    BAD_SIGNATURE("entry-bad-signature", 100),
    /** The writer is not in the access controller's write list. */
    NO_WRITE_ACCESS("entry-no-write-access", 100),
    /** The entry belongs to another log. */
    WRONG_LOG_ID("entry-wrong-log-id", 100),
    /** The clock's time does not exceed the times of the entries it follows. */
    BAD_CLOCK("entry-bad-clock", 100),
    /** More bytes than the log accepts for one entry. */
    TOO_LARGE("entry-too-large", 100);

    private final String coreName;
    private final int penalty;

    EntryRejectReason(String coreName, int penalty) {
        this.coreName = coreName;
        this.penalty = penalty;
    }

    @Override
    public String coreName() {
        return coreName;
    }

    @Override
    public int penalty() {
        return penalty;
    }
}
