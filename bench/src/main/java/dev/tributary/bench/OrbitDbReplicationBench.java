package dev.tributary.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * OrbitDB 4 replicating between two Node processes on loopback ({@code interop/orbitdb/replicate.mjs}): process A
 * writes N entries to an events database, a fresh process B opens its address and replicates them through OrbitDB's
 * own Sync (heads over libp2p, ancestors through bitswap), then B reopens it to find it already in sync, and A makes
 * a trickle of live writes whose arrival at B is timed. The baseline of {@code bench oplog}.
 */
public final class OrbitDbReplicationBench {
    /**
     * One run's figures, as {@code replicate.mjs} prints them. {@code inSyncMillis} is NaN when none of the three
     * reopenings heard OrbitDB's heads exchange within 60 s ({@code inSyncMissed} counts those that did not);
     * {@code liveLost} counts live writes that had not arrived 30 s after the last.
     */
    public record Result(String version, String node, int entries, double writeEntriesPerSecond, double replicateMillis,
            double replicateEntriesPerSecond, double inSyncMillis, int inSyncMissed, int liveWrites, int liveLost,
            double p50Millis, double p99Millis, double writerRssMb, double readerRssMb) {
    }

    private OrbitDbReplicationBench() {
    }

    private static double number(JsonNode n) {
        return n.isNumber() ? n.asDouble() : Double.NaN;
    }

    /**
     * Runs {@code replicate.mjs n --live live} in {@code orbitdb}; empty, with the reason in {@code why}, when OrbitDB
     * is not installed, fails or takes more than {@code timeoutSeconds} (the script is given the same bound).
     */
    public static Optional<Result> run(Path orbitdb, int n, int live, long timeoutSeconds, StringBuilder why)
            throws IOException, InterruptedException {
        Optional<JsonNode> out = NodeScript.run(orbitdb, "replicate.mjs",
                List.of(Integer.toString(n), "--live", Integer.toString(live), "--timeout",
                        Long.toString(timeoutSeconds)), timeoutSeconds + 30, why);
        return out.map(j -> new Result(j.path("orbitdb").asText(), j.path("node").asText(), j.path("entries").asInt(),
                j.path("writeEntriesPerSecond").asDouble(), j.path("replicateMs").asDouble(),
                j.path("replicateEntriesPerSecond").asDouble(), number(j.path("inSyncMs")), j.path("inSyncMissed").asInt(),
                j.path("liveWrites").asInt(), j.path("liveLost").asInt(), number(j.path("latencyP50Ms")),
                number(j.path("latencyP99Ms")),
                j.path("peakRssMb").path("writer").asDouble(), j.path("peakRssMb").path("reader").asDouble()));
    }
}
