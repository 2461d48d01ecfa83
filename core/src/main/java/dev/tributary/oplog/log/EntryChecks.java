package dev.tributary.oplog.log;

import dev.tributary.oplog.cid.Cid;
import dev.tributary.oplog.entry.Entry;
import dev.tributary.oplog.entry.EntryRejectReason;
import dev.tributary.oplog.entry.EntryVerifier;
import dev.tributary.oplog.entry.InvalidEntryException;
import dev.tributary.oplog.identity.Identity;
import dev.tributary.oplog.store.OrderKey;
import dev.tributary.validation.Verdict;
import java.util.List;

/**
 * The rules an entry of a log must follow: OrbitDB's ({@code log.js} {@code verifyEntry}: log id, write access,
 * signature) and those OrbitDB leaves out, through {@link EntryVerifier} (the entry's key is its identity's key,
 * the identity's own signatures), plus the clock's id being the writer's key, links being entry CIDs, and the
 * size bound. The clock's time against the parents' is checked by the join, which knows the parents.
 */
final class EntryChecks {
    /** A broken rule; control flow inside a join, turned into a {@link JoinResult.Rejected}. */
    static final class Rejection extends Exception {
        final Verdict.Reason reason;

        Rejection(Verdict.Reason reason, String message) {
            super(message, null, false, false);
            this.reason = reason;
        }

        JoinResult.Rejected result() {
            return new JoinResult.Rejected(reason, getMessage());
        }
    }

    private final String logId;
    private final WriteAccess access;
    private final EntryVerifier verifier;
    private final CidTexts texts = new CidTexts();

    EntryChecks(String logId, WriteAccess access, StoreIdentities identities) {
        this.logId = logId;
        this.access = access;
        this.verifier = new EntryVerifier(identities::resolve);
    }

    /** Decodes a block fetched or received as {@code cid}: size, hash, strict format, links. */
    Entry decode(Cid cid, byte[] block) throws Rejection {
        if (block.length > OpLog.MAX_ENTRY_BYTES) {
            throw new Rejection(EntryRejectReason.TOO_LARGE, "entry " + cid + " has " + block.length
                    + " bytes; the most a log accepts is " + OpLog.MAX_ENTRY_BYTES);
        }
        Entry entry;
        try {
            entry = Entry.decode(cid, block);
        } catch (InvalidEntryException e) {
            throw new Rejection(e.reason(), "entry " + cid + ": " + e.getMessage());
        }
        checkShape(entry);
        return entry;
    }

    /** Checks an entry given as an object (to {@link OpLog#join}): its size (its links are CIDs by construction). */
    void checkShape(Entry entry) throws Rejection {
        if (entry.size() > OpLog.MAX_ENTRY_BYTES) {
            throw new Rejection(EntryRejectReason.TOO_LARGE, "entry " + entry.cid() + " has "
                    + entry.size() + " bytes; the most a log accepts is " + OpLog.MAX_ENTRY_BYTES);
        }
        // The links were parsed as CIDs when the entry was made or decoded (Entry.nextCids, refsCids).
    }

    /** The rules that need the writer's identity, in OrbitDB's order (log id, access, signature), then Tributary's. */
    void verify(Entry entry, Identity identity) throws Rejection {
        Cid cid = entry.cid();
        if (!logId.equals(entry.id())) {
            throw new Rejection(EntryRejectReason.WRONG_LOG_ID, "entry " + cid + " belongs to log '" + entry.id()
                    + "', not to '" + logId + "'");
        }
        if (!access.canAppend(entry, identity)) {
            throw new Rejection(EntryRejectReason.NO_WRITE_ACCESS, "entry " + cid + " was written by "
                    + identity.id() + ", who may not write to " + logId);
        }
        Verdict<EntryRejectReason> verdict = verifier.verify(entry, identity);
        if (verdict instanceof Verdict.Reject<EntryRejectReason> reject) {
            throw new Rejection(reject.rule(), reject.message());
        }
        if (!entry.clock().id().equals(entry.key())) {
            throw new Rejection(EntryRejectReason.BAD_CLOCK, "entry " + cid + " has clock id " + entry.clock().id()
                    + ", not its writer's key " + entry.key());
        }
    }

    /** For an append: the local writer must be allowed by the access controller. */
    void requireWriteAccess(Entry entry, Identity identity) {
        if (!access.canAppend(entry, identity)) {
            throw new IllegalStateException("identity " + identity.id() + " may not write to " + logId);
        }
    }

    /** Where an entry goes in the order. */
    static OrderKey orderKey(Entry entry) {
        return new OrderKey(entry.clock().time(), entry.clock().id(), entry.cid());
    }

    /** Parses links through the log's cache of CID texts. */
    List<Cid> links(List<String> texts) {
        return texts().links(texts);
    }

    CidTexts texts() {
        return texts;
    }
}
