package dev.tributary.node;

import io.javalin.http.Handler;

/**
 * Where a service registers its HTTP routes. The node's HTTP server serves them under {@code /NAME/...} (the
 * service's name), and also at the root when the node runs that service alone, so a single-network node keeps
 * the short paths ({@code POST /mine}).
 */
public interface ServiceRoutes {

    /** Serves {@code GET path} (a path starting with '/'). */
    void get(String path, Handler handler);

    /** Serves {@code POST path} with a JSON body: a request whose {@code Content-Type} says otherwise is answered 415. */
    void post(String path, Handler handler);

    /**
     * Serves {@code POST path} whatever the body's type (the record routes take Atom XML or JSON): the handler
     * checks the type and answers 415 itself.
     */
    void postAnyBody(String path, Handler handler);

    /** Serves {@code DELETE path}. */
    void delete(String path, Handler handler);

    /**
     * Hands every other method ({@code PUT}, {@code PATCH}) on {@code path} to {@code handler}, for routes whose
     * allowed methods differ by what the path names: the handler answers 405 with the methods that resource takes
     * (else the server answers 405 with the methods of every route of the path's pattern).
     */
    default void otherMethods(String path, Handler handler) {
    }

    /**
     * Registers what ends the service's long-lived answers (a stream that runs until the client leaves, a long poll):
     * the server runs it when it stops, before it waits for the requests in progress, so that such a request ends at
     * once rather than being cut when the server gives up waiting for it. It may run more than once.
     */
    default void onStop(Runnable endStreams) {
    }
}
