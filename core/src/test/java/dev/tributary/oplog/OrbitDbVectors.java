package dev.tributary.oplog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.oplog.identity.Hex;
import dev.tributary.oplog.identity.LocalIdentity;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The blocks in {@code vectors/formats-4.0.0.json}, made by {@code @orbitdb/core} 4.0.0 itself from the keys of
 * OrbitDB's own test fixtures ({@code interop/orbitdb/make-format-vectors.mjs} says how to regenerate them; the
 * integration test {@code OrbitDbVectorsIT} regenerates and compares them when npm is installed).
 */
public final class OrbitDbVectors {
    private static final JsonNode ROOT = load();

    private OrbitDbVectors() {
    }

    private static JsonNode load() {
        try (InputStream in = OrbitDbVectors.class.getResourceAsStream("vectors/formats-4.0.0.json")) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode root() {
        return ROOT;
    }

    /** An identity of the vectors, by user name ("userA", "userB"). */
    public static JsonNode identity(String user) {
        return ROOT.path("identities").path(user);
    }

    /** The local identity of a user of the vectors, from its fixed private keys. */
    public static LocalIdentity local(String user) {
        JsonNode n = identity(user);
        return LocalIdentity.fromPrivateKeys(Hex.decode(n.path("idPrivateKey").asText()),
                Hex.decode(n.path("signingPrivateKey").asText()));
    }

    /** The entry of the vectors with this name. */
    public static JsonNode entry(String name) {
        for (JsonNode e : ROOT.path("entries")) {
            if (e.path("name").asText().equals(name)) {
                return e;
            }
        }
        throw new IllegalArgumentException("no vector entry " + name);
    }

    public static byte[] bytes(JsonNode node) {
        return Hex.decode(node.path("bytes").asText());
    }
}
