package dev.tributary.records;

/** Receives a store's live rows one by one in key order ({@link RecordStore#scanLive}). */
@FunctionalInterface
public interface LiveRowVisitor {
    /**
     * One live row: its key and its content as the store holds it now.
     *
     * @return whether to go on with the next row
     */
    boolean row(String key, Payload payload);
}
