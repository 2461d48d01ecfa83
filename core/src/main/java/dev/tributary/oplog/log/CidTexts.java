package dev.tributary.oplog.log;

import dev.tributary.oplog.cid.Cid;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The base58 texts of recently used CIDs, both ways. Entries name their links as text, and base58 costs several
 * microseconds a CID; consecutive appends share 14 of their 15 {@code refs}, and a join meets each link several
 * times, so a small cache removes most of that work. Thread-safe.
 */
final class CidTexts {
    private static final int SIZE = 4_096;

    private final Map<Cid, String> texts = lru();
    private final Map<String, Cid> cids = lru();

    private static <K, V> Map<K, V> lru() {
        return new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > SIZE;
            }
        };
    }

    synchronized String text(Cid cid) {
        String t = texts.get(cid);
        if (t == null) {
            t = cid.toString();
            texts.put(cid, t);
            cids.put(t, cid);
        }
        return t;
    }

    synchronized Cid parse(String text) {
        Cid c = cids.get(text);
        if (c == null) {
            c = Cid.parse(text);
            cids.put(text, c);
            texts.put(c, text);
        }
        return c;
    }

    /** Parses links ({@code next}, {@code refs}), which must be CIDv1 dag-cbor sha2-256, the CIDs of entries. */
    List<Cid> links(List<String> texts) {
        List<Cid> out = new ArrayList<>(texts.size());
        for (String t : texts) {
            Cid c = parse(t);
            if (!c.isDagCborSha256()) {
                throw new IllegalArgumentException("link " + t + " is not the CID of a dag-cbor entry");
            }
            out.add(c);
        }
        return out;
    }
}
