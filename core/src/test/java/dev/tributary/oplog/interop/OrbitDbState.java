package dev.tributary.oplog.interop;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.oplog.db.Database;
import dev.tributary.oplog.db.Documents;
import dev.tributary.oplog.db.Events;
import dev.tributary.oplog.db.KeyValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A Tributary database's state in the JSON OrbitDB's reads give (the vectors' and check.mjs's {@code all}, {@code get}). */
public final class OrbitDbState {
    private OrbitDbState() {
    }

    /** {@code all()} as OrbitDB's: events {hash, value}, keyvalue {key, value, hash}, documents {hash, key, value}, oldest first. */
    public static JsonNode all(Database db) {
        List<Object> out = new ArrayList<>();
        if (db instanceof Events events) {
            events.all().forEach(e -> out.add(item("hash", e.hash().toString(), "value", e.value())));
        } else if (db instanceof KeyValue kv) {
            kv.all().forEach(r -> out.add(item("key", r.key(), "value", r.value(), "hash", r.hash().toString())));
        } else {
            ((Documents) db).all().forEach(d -> out.add(document(d)));
        }
        return OrbitDbJson.toJson(out);
    }

    /** {@code get(key)} as OrbitDB answers it: keyvalue the value, documents {hash, key, value}; null when absent. */
    public static JsonNode get(Database db, String key) {
        if (db instanceof KeyValue kv) {
            return OrbitDbJson.toJson(kv.get(key).orElse(null));
        }
        return OrbitDbJson.toJson(((Documents) db).get(key).map(OrbitDbState::document).orElse(null));
    }

    private static Map<String, Object> document(Documents.Document d) {
        return item("hash", d.hash().toString(), "key", d.key(), "value", d.value());
    }

    private static Map<String, Object> item(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
