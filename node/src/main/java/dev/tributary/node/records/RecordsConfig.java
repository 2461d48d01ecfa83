package dev.tributary.node.records;

/**
 * Settings of the record endpoints.
 *
 * @param token the bearer token writes need ({@code Authorization: Bearer TOKEN}), or null to allow writes without
 *     one (tests; a node binds its HTTP server to loopback by default)
 * @param pageSize most entries per page of a source feed (fewer where rows are wide: a page's records weigh at most a
 *     quarter of {@code maxBodyBytes})
 * @param maxBodyBytes largest request body taken (larger: 413)
 * @param maxContexts most source passes and target results kept at once per collection (the oldest go first)
 */
public record RecordsConfig(String token, int pageSize, int maxBodyBytes, int maxContexts) {
    public RecordsConfig {
        if (pageSize < 1 || maxBodyBytes < 1024 || maxContexts < 1) {
            throw new IllegalArgumentException("page size, body limit and context count must be positive");
        }
    }

    /** 5,000 entries a page, 16 MiB bodies, 64 contexts, writes guarded by {@code token}. */
    public static RecordsConfig defaults(String token) {
        return new RecordsConfig(token, 5000, 16 << 20, 64);
    }
}
