package dev.tributary.records.atom;

import dev.tributary.records.SyncState;
import java.time.Instant;

/**
 * One entry of a target's result feed (SData sync 5.3, core 13.4): the target's id for the record, title, updated,
 * the entry's {@code http:httpStatus}, {@code http:httpMessage}, {@code http:httpMethod} (POST, PUT or DELETE when
 * applied), {@code http:location} (creates), {@code http:etag}, the record's {@code sdata:uuid}, its sync state after
 * the page (4.3 requires it in {@code $syncTarget} responses, which the specification's example leaves out), and an
 * optional diagnosis. Null fields are not written.
 */
public record ResultEntryDocument(String id, String title, Instant updated, String uuid, int httpStatus,
        String httpMessage, String httpMethod, String location, String etag, SyncState syncState, Diagnosis diagnosis) {
}
