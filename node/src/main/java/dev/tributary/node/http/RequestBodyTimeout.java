package dev.tributary.node.http;

import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.server.HttpChannel;
import org.eclipse.jetty.server.Request;

/**
 * Reads a request's body ahead of its handler, which then gets it from Javalin's copy, with a shorter wait for
 * its bytes than the connection's idle timeout (Jetty's 30 s): a client whose {@code Content-Length} promises more
 * than it sends is answered 408 within {@link #IDLE_MILLIS}, not after half a minute holding one of the server's
 * few threads. The wait is for the next bytes, not for the whole body: a large body that keeps arriving is read
 * whole however long it takes (its size is bounded by the server's limit). The connection's own timeout applies
 * again once the body is read.
 */
final class RequestBodyTimeout {
    /** Longest wait for the next bytes of a request body. */
    static final long IDLE_MILLIS = 10_000;

    private RequestBodyTimeout() {
    }

    /**
     * Reads the body of the request of {@code ctx}, if it has one, waiting at most {@code idleMillis} for each
     * piece of it.
     *
     * @throws HttpResponseException 408 when the body stopped arriving, 400 when the client closed before sending
     *                               it whole, 413 when it is over the server's limit
     */
    static void read(Context ctx, long idleMillis) {
        if (ctx.req().getContentLengthLong() <= 0 && ctx.header("Transfer-Encoding") == null) {
            return; // no body
        }
        HttpChannel channel = Request.getBaseRequest(ctx.req()).getHttpChannel();
        long before = channel.getIdleTimeout();
        channel.setIdleTimeout(idleMillis);
        try {
            ctx.bodyAsBytes();
        } catch (HttpResponseException e) {
            throw e;
        } catch (Exception e) { // Jetty's IOException, thrown through Javalin's Kotlin undeclared
            throw unread(e, idleMillis);
        } finally {
            channel.setIdleTimeout(before);
        }
    }

    /** Why the body could not be read, for the client: it stopped coming, or it ended early. */
    private static HttpResponseException unread(Throwable e, long idleMillis) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException) {
                return new HttpResponseException(HttpStatus.REQUEST_TIMEOUT.getCode(), "the request body stopped"
                        + " arriving: nothing came for " + idleMillis / 1000 + " s, short of the length its"
                        + " Content-Length header gives");
            }
        }
        return new HttpResponseException(HttpStatus.BAD_REQUEST.getCode(), "the request body could not be read: it"
                + " ended before the length its Content-Length header gives");
    }
}
