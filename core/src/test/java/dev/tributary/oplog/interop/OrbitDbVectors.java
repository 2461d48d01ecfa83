package dev.tributary.oplog.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * OrbitDB 4's interop vectors, {@code src/test/resources/orbitdb/vectors.json}: written by {@code @orbitdb/core}
 * 4.0.0 itself ({@code interop/orbitdb/generate.mjs}); the layout is described in the README beside the file.
 * Bytes are hex in the file and {@code byte[]} here; decoded values and states stay JSON
 * ({@link JsonNode}), compared through {@link OrbitDbJson}.
 */
public record OrbitDbVectors(String orbitdbVersion, List<Peer> peers, List<Database> databases, JsonNode json) {
    /** Where the checked-in vectors are on the test class path. */
    public static final String RESOURCE = "/orbitdb/vectors.json";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();

    /** A writer: its two fixed private keys (the id key and the signing key) and the identity OrbitDB made from them. */
    public record Peer(String name, byte[] idPrivateKey, byte[] signingPrivateKey, Block identity, String id,
            String publicKey, String idSignature, String publicKeySignature) {
    }

    /** A dag-cbor block: its CID text ({@code zdpu...}), its bytes, and its value as OrbitDB decodes it, in JSON. */
    public record Block(String hash, byte[] bytes, JsonNode decoded) {
    }

    /**
     * One step of a scenario: {@code op} is add, put, del (the entry's CID in {@code result}) or join
     * (the peer joined from in {@code args[0]}, the heads received in {@code result}); {@code heads} are the
     * acting peer's heads afterwards, in OrbitDB's {@code heads()} order.
     */
    public record Step(String peer, String op, JsonNode args, JsonNode result, List<String> heads) {
    }

    /** One entry of a database's final log, with the peer that wrote it. */
    public record Entry(String hash, String writer, byte[] bytes, JsonNode decoded) {
    }

    /**
     * A database scenario: {@code indexBy} is set for documents only; {@code state} is keyed by peer name
     * (both peers end equal), each with heads, values, all and the type's reads (see the README).
     */
    public record Database(String name, String type, Optional<String> indexBy, JsonNode meta, String address,
            Block manifest, String accessControllerAddress, Block accessController, List<Step> steps,
            List<Entry> entries, Map<String, JsonNode> state) {
        /** The entry with this CID text. */
        public Entry entry(String hash) {
            return entries.stream().filter(e -> e.hash.equals(hash)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no entry " + hash + " in " + name));
        }
    }

    /** The checked-in vectors, from the test class path. */
    public static OrbitDbVectors load() {
        try (InputStream in = OrbitDbVectors.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the test class path");
            }
            return parse(JSON.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Vectors from a file, such as one {@code generate.mjs} has just written. */
    public static OrbitDbVectors load(Path file) throws IOException {
        return parse(JSON.readTree(Files.readString(file)));
    }

    /** The peer with this name. */
    public Peer peer(String name) {
        return peers.stream().filter(p -> p.name.equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no peer " + name));
    }

    /** The database with this name. */
    public Database database(String name) {
        return databases.stream().filter(d -> d.name.equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no database " + name));
    }

    private static OrbitDbVectors parse(JsonNode root) {
        List<Peer> peers = new ArrayList<>();
        for (JsonNode p : root.get("peers")) {
            JsonNode identity = p.get("identity");
            peers.add(new Peer(p.get("name").asText(), hex(p, "idPrivateKey"), hex(p, "signingPrivateKey"),
                    new Block(identity.get("hash").asText(), hex(identity, "bytes"), identityValue(identity)),
                    identity.get("id").asText(), identity.get("publicKey").asText(),
                    identity.get("signatures").get("id").asText(), identity.get("signatures").get("publicKey").asText()));
        }
        List<Database> databases = new ArrayList<>();
        for (JsonNode d : root.get("databases")) {
            List<Step> steps = new ArrayList<>();
            for (JsonNode s : d.get("steps")) {
                steps.add(new Step(s.get("peer").asText(), s.get("op").asText(), s.get("args"), s.get("result"),
                        texts(s.get("heads"))));
            }
            List<Entry> entries = new ArrayList<>();
            for (JsonNode e : d.get("entries")) {
                entries.add(new Entry(e.get("hash").asText(), e.get("writer").asText(), hex(e, "bytes"), e.get("decoded")));
            }
            Map<String, JsonNode> state = new LinkedHashMap<>();
            d.get("state").fields().forEachRemaining(f -> state.put(f.getKey(), f.getValue()));
            JsonNode ac = d.get("accessController");
            databases.add(new Database(d.get("name").asText(), d.get("type").asText(),
                    Optional.ofNullable(d.get("indexBy")).map(JsonNode::asText), d.get("meta"), d.get("address").asText(),
                    block(d.get("manifest")), ac.get("address").asText(), block(ac), List.copyOf(steps),
                    List.copyOf(entries), state));
        }
        return new OrbitDbVectors(root.get("orbitdb").asText(), List.copyOf(peers), List.copyOf(databases), root);
    }

    private static JsonNode identityValue(JsonNode identity) {
        var value = JSON.createObjectNode();
        value.set("id", identity.get("id"));
        value.set("publicKey", identity.get("publicKey"));
        value.set("signatures", identity.get("signatures"));
        value.set("type", identity.get("type"));
        return value;
    }

    private static Block block(JsonNode node) {
        return new Block(node.get("hash").asText(), hex(node, "bytes"), node.get("decoded"));
    }

    private static byte[] hex(JsonNode node, String field) {
        return HEX.parseHex(node.get(field).asText());
    }

    /** The strings of a JSON array. */
    public static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return List.copyOf(out);
    }
}
