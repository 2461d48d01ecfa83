package dev.tributary.node.http;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The dashboard page, served from the jar so that it works without the Internet: {@code GET /} is
 * {@code dashboard/index.html}, {@code GET /dashboard/FILE} and {@code GET /dashboard/vendor/FILE} the page's
 * scripts and styles (its own, and the front-end libraries that the build copies from npm into
 * {@code dashboard/vendor/}, with their licence files, {@code LICENSE}). Only plain file names of known types are
 * served, read once and kept.
 */
final class DashboardPage {
    private static final String ROOT = "/dashboard/";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]*");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "LICENSE", "text/plain; charset=utf-8");
    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

    /** {@code GET /}. */
    void index(Context ctx) {
        serve(ctx, "index.html");
    }

    /** {@code GET /dashboard/{file}}. */
    void file(Context ctx) {
        serve(ctx, ctx.pathParam("file"));
    }

    /** {@code GET /dashboard/vendor/{file}}. */
    void vendor(Context ctx) {
        serve(ctx, "vendor/" + ctx.pathParam("file"));
    }

    private void serve(Context ctx, String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        String type = TYPES.get(name.substring(name.lastIndexOf('.') + 1));
        byte[] body = NAME.matcher(name).matches() && type != null ? read(path) : null;
        if (body == null) {
            ctx.status(HttpStatus.NOT_FOUND).json(new ApiMessages.ErrorResponse("the dashboard has no file " + path
                    + (path.startsWith("vendor/") ? " (the build copies it from npm: run mvn package with npm installed)" : "")));
            return;
        }
        ctx.contentType(type).header("Cache-Control", "no-cache").result(body);
    }

    private byte[] read(String path) {
        byte[] cached = cache.get(path);
        if (cached != null) {
            return cached;
        }
        try (InputStream in = DashboardPage.class.getResourceAsStream(ROOT + path)) {
            if (in == null) {
                return null;
            }
            byte[] bytes = in.readAllBytes();
            cache.put(path, bytes);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
