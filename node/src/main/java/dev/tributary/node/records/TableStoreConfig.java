package dev.tributary.node.records;

import dev.tributary.records.DigestEntry;
import java.util.Objects;

/**
 * Which table of which database a {@link TableRecordStore} maps to a collection, and as which endpoint.
 *
 * @param jdbcUrl {@code jdbc:sqlite:FILE}, {@code jdbc:postgresql://HOST:PORT/DB[?currentSchema=S]} or
 *     {@code jdbc:mariadb://HOST:PORT/DB}
 * @param user the database user, or null (SQLite, or a user in the URL)
 * @param password the password, or null
 * @param table the application's table (a plain name, in the URL's database or schema)
 * @param key its key column: its primary key of one column, or a column that is NOT NULL and unique by a constraint
 *     or index of that column alone; null to take the table's own primary key (which must be of one column)
 * @param collection the collection's name (the resource kind of the URLs, e.g. {@code accounts})
 * @param kind the payload's element name (e.g. {@code account})
 * @param endpoint this replica's endpoint URI, stable and unique among the replicas
 * @param priority its conflict priority (1 strongest, 9 weakest)
 * @param triggers whether to detect other applications' changes by triggers (else by a scan of the table before every
 *     pass, for databases where the store may not create triggers)
 */
public record TableStoreConfig(String jdbcUrl, String user, String password, String table, String key,
                               String collection, String kind, String endpoint, int priority, boolean triggers) {
    public TableStoreConfig {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        SqlDialect.of(jdbcUrl);
        SqlDialect.name(table, "the table");
        if (key != null) {
            SqlDialect.name(key, "the key column");
        }
        SqlDialect.name(collection, "the collection");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(endpoint, "endpoint");
        if (priority < DigestEntry.STRONGEST_PRIORITY || priority > DigestEntry.WEAKEST_PRIORITY) {
            throw new IllegalArgumentException("a conflict priority is 1 to 9: " + priority);
        }
    }

    /**
     * {@code name} when it may name a collection (and so a table and its side tables): letters, digits and
     * {@code _}, not starting with a digit, at most 48.
     *
     * @throws IllegalArgumentException saying what a name may be, when it may not
     */
    public static String collectionName(String name) {
        return SqlDialect.name(name, "a collection's name");
    }

    /** {@code table} of {@code jdbcUrl} as collection {@code table}, its own key, kind {@code table}, priority 5, triggers. */
    public static TableStoreConfig of(String jdbcUrl, String table, String endpoint) {
        return new TableStoreConfig(jdbcUrl, null, null, table, null, table, table, endpoint, 5, true);
    }

    /**
     * The file of a {@code jdbc:sqlite:FILE} URL, or null for another database, an in-memory one or a
     * {@code file:} URI.
     */
    public java.nio.file.Path sqliteFile() {
        if (SqlDialect.of(jdbcUrl) != SqlDialect.SQLITE) {
            return null;
        }
        String rest = jdbcUrl.substring("jdbc:sqlite:".length());
        int query = rest.indexOf('?');
        String file = query < 0 ? rest : rest.substring(0, query);
        return file.isEmpty() || file.startsWith(":") || file.startsWith("file:") ? null : java.nio.file.Path.of(file);
    }

    /**
     * Checks that the database file of a {@code jdbc:sqlite:FILE} URL exists: SQLite would create an empty one, and
     * the table asked for is an application's, in a database it already keeps.
     *
     * @throws IllegalArgumentException naming the file when it does not exist
     */
    public void checkSqliteFileExists() {
        java.nio.file.Path file = sqliteFile();
        if (file != null && !java.nio.file.Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no SQLite database " + file.toAbsolutePath() + (java.nio.file.Files
                    .exists(file) ? " (it is not a file)" : " (no such file)") + ": the table is an application's,"
                    + " in a database file it already keeps");
        }
    }

    /** The JDBC URL as messages and logs show it: the value of a {@code password} parameter hidden. */
    public String shownUrl() {
        return jdbcUrl.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    /** This configuration with database credentials. */
    public TableStoreConfig withCredentials(String newUser, String newPassword) {
        return new TableStoreConfig(jdbcUrl, newUser, newPassword, table, key, collection, kind, endpoint, priority, triggers);
    }

    /** This configuration with key column {@code column} (null: the table's own primary key). */
    public TableStoreConfig withKey(String column) {
        return new TableStoreConfig(jdbcUrl, user, password, table, column, collection, kind, endpoint, priority, triggers);
    }

    /** This configuration with conflict priority {@code p}. */
    public TableStoreConfig withPriority(int p) {
        return new TableStoreConfig(jdbcUrl, user, password, table, key, collection, kind, endpoint, p, triggers);
    }

    /** This configuration detecting other applications' changes by a scan instead of triggers. */
    public TableStoreConfig scanning() {
        return new TableStoreConfig(jdbcUrl, user, password, table, key, collection, kind, endpoint, priority, false);
    }
}
