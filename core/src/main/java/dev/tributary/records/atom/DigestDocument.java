package dev.tributary.records.atom;

import dev.tributary.records.Digest;
import java.time.Instant;

/**
 * The answer of {@code $syncDigest} and the body of a {@code $syncSource} POST (SData sync 5.1-5.2): an Atom
 * {@code entry} (id: the {@code $syncDigest} URL, title, updated, a {@code self} link) holding
 * {@code sdata:payload/sync:digest}.
 */
public record DigestDocument(String id, String title, Instant updated, Digest digest) {
}
