package dev.tributary.node;

/**
 * A {@link NodeService} with HTTP routes of its own (databases, record endpoints): the node's HTTP server serves
 * them under {@code /NAME/...}. It lives beside the HTTP server, in the {@code tributary-node} artifact, so the
 * embeddable library ({@code tributary-embed}) knows no HTTP.
 */
public interface RoutedService extends NodeService {

    /** Registers the service's HTTP routes. */
    void routes(ServiceRoutes routes);
}
