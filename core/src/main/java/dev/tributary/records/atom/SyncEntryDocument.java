package dev.tributary.records.atom;

import dev.tributary.records.Record;
import java.time.Instant;

/**
 * One entry of a sync feed on the wire: the Atom metadata (id, empty for a record the source has no URL for; title;
 * updated) around the record's sync state and payload.
 */
public record SyncEntryDocument(String id, String title, Instant updated, Record record) {
}
