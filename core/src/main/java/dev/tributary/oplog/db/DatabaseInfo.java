package dev.tributary.oplog.db;

/** What {@link Databases#list()} says of a database kept in the store. */
public record DatabaseInfo(String address, String name, DatabaseType type, String accessController, long entries) {
}
