package dev.tributary.node.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class NearRoutesTest {
    private static final List<String> ROUTES = List.of("GET /status", "GET /metrics", "GET /db/databases",
            "POST /db/databases", "GET /db/databases/{db}", "GET /records/items/{op}", "POST /records/items/{op}",
            "GET /records/{kind}/{op}");

    @Test
    void aPathUnderKnownRoutesNamesOnlyThoseNearest() {
        assertThat(NearRoutes.notFound("GET", "/records/items", ROUTES)).isEqualTo("no route GET /records/items"
                + " (routes under /records/items: GET /records/items/{op}, POST /records/items/{op})");
        assertThat(NearRoutes.notFound("GET", "/records/", ROUTES)).isEqualTo("no route GET /records/ (routes under"
                + " /records: GET /records/items/{op}, POST /records/items/{op}, GET /records/{kind}/{op})");
        assertThat(NearRoutes.notFound("GET", "/db/databasez", ROUTES)).isEqualTo("no route GET /db/databasez"
                + " (routes under /db: GET /db/databases, POST /db/databases, GET /db/databases/{db})");
    }

    @Test
    void aPathNearNothingNamesEveryRoute() {
        assertThat(NearRoutes.notFound("POST", "/nowhere", ROUTES))
                .isEqualTo("no route POST /nowhere (routes: " + String.join(", ", ROUTES) + ")");
        assertThat(NearRoutes.notFound("GET", "/", ROUTES)).startsWith("no route GET / (routes: GET /status, ");
    }
}
