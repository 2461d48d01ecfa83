/**
 * The wire format of record sync (SData 2.0 synchronization, {@code shared/data/sdata/protocol.md}): Atom feeds and
 * entries with the {@code sync:} and {@code sdata:} elements, digests, tracking payloads, result feeds and
 * diagnoses. {@link dev.tributary.records.atom.AtomReader} reads leniently where the specification contradicts
 * itself; {@link dev.tributary.records.atom.AtomWriter} writes one canonical form. StAX from the JDK only; documents
 * are value records. Depends only on {@code dev.tributary.records}.
 */
package dev.tributary.records.atom;
