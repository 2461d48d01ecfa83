package dev.tributary.node.records;

import java.io.IOException;

/**
 * A URL given as a record collection whose server answered its digest request with something that is not SData
 * ({@link CollectionCheck}), or whose SData endpoint says it serves no such collection (404). Unlike an endpoint that cannot be reached, asking again does not help: the live engine
 * ({@link LiveSync}) stops on it rather than trying again. {@link DifferentCollections}, a collection of another
 * name than the one asked for, is one of a kind.
 */
public sealed class NotACollection extends IOException permits DifferentCollections {
    private static final long serialVersionUID = 1L;

    NotACollection(String message) {
        super(message);
    }
}
