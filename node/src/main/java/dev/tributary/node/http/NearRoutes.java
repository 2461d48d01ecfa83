package dev.tributary.node.http;

import java.util.List;

/**
 * The routes a 404 names: those nearest the path asked for, not every route of the node. A node with databases and
 * record collections has two dozen routes; a mistyped {@code /records/items} is better answered with the routes
 * under {@code /records/items} than with all of them.
 */
final class NearRoutes {
    private NearRoutes() {
    }

    /**
     * The 404 message for {@code method path}: the routes (each {@code "METHOD /pattern"}) that share the most
     * leading path segments with {@code path}, at least one, as {@code (routes under /a/b: ...)}; every route when
     * none shares even the first segment.
     */
    static String notFound(String method, String path, List<String> routes) {
        String[] asked = segments(path);
        int best = 0;
        for (String route : routes) {
            best = Math.max(best, shared(asked, segments(pattern(route))));
        }
        int nearest = best;
        List<String> near = nearest == 0 ? routes
                : routes.stream().filter(r -> shared(asked, segments(pattern(r))) == nearest).toList();
        String under = nearest == 0 ? "routes"
                : "routes under /" + String.join("/", List.of(asked).subList(0, nearest));
        return "no route " + method + " " + path + " (" + under + ": " + String.join(", ", near) + ")";
    }

    private static String pattern(String route) {
        return route.substring(route.indexOf(' ') + 1);
    }

    private static String[] segments(String path) {
        String trimmed = path.replaceAll("^/+|/+$", "");
        return trimmed.isEmpty() ? new String[0] : trimmed.split("/+");
    }

    /** Leading segments of the path equal to literal segments of the pattern (a {param} matches none). */
    private static int shared(String[] asked, String[] pattern) {
        int n = 0;
        while (n < asked.length && n < pattern.length && !pattern[n].startsWith("{") && pattern[n].equals(asked[n])) {
            n++;
        }
        return n;
    }
}
