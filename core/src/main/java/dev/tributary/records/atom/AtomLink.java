package dev.tributary.records.atom;

import java.util.List;
import java.util.Optional;

/** An Atom {@code link}: relation, target and media type (null when absent). */
public record AtomLink(String rel, String href, String type) {
    /** The media type of a feed page link. */
    public static final String FEED_TYPE = "application/atom+xml; type=feed";
    /** The media type of an entry link. */
    public static final String ENTRY_TYPE = "application/atom+xml; type=entry";

    /** The href of the first link with {@code rel} in {@code links}. */
    public static Optional<String> find(List<AtomLink> links, String rel) {
        return links.stream().filter(l -> rel.equals(l.rel())).map(AtomLink::href).findFirst();
    }
}
