package dev.tributary.node.records;

import dev.tributary.records.Digest;
import dev.tributary.records.atom.AtomReader;
import dev.tributary.records.atom.MalformedDocumentException;
import dev.tributary.records.verify.Difference;
import dev.tributary.records.verify.VerifyPass;
import dev.tributary.records.verify.VerifyReport;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/**
 * The verify pass as a library call, over HTTP: reads both digests, runs the {@link VerifyPass} between the two
 * collections' {@code $syncVerify} routes, and with repair has the source reissue the differing rows
 * ({@code $syncReissue}) and runs one ordinary {@link HttpSyncPass} from source to target to carry them, where the
 * target's conflict rule decides for each. The source's copies are taken as the right ones. A repair needs the two
 * endpoints in sync (equal digest ticks): otherwise a difference may be a change not yet synced, which the repair
 * would overwrite.
 */
public final class RecordsVerify {
    private RecordsVerify() {
    }

    /**
     * What to verify.
     *
     * @param source the source collection's URL ({@code http://HOST:PORT/records/KIND})
     * @param target the target collection's URL
     * @param repair whether to repair the differences
     * @param sourceToken the source's bearer token, or null
     * @param targetToken the target's bearer token, or null
     * @param parts parts per split ({@link VerifyPass#DEFAULT_PARTS} by default)
     * @param listAt rows under which a range is listed ({@link VerifyPass#DEFAULT_LIST_AT} by default)
     * @param allowDifferentCollections whether a repair may run between collections of different names; when not,
     *                                  it is refused with {@link DifferentCollections} before anything changes (a
     *                                  verify without repair compares any two)
     */
    public record Options(URI source, URI target, boolean repair, String sourceToken, String targetToken, int parts,
                          int listAt, boolean allowDifferentCollections) {
        public Options {
            RecordsSync.Options.check(source, "source");
            RecordsSync.Options.check(target, "target");
            source = trim(source);
            target = trim(target);
        }

        /** Options between collections of any names. */
        public Options(URI source, URI target, boolean repair, String sourceToken, String targetToken, int parts,
                       int listAt) {
            this(source, target, repair, sourceToken, targetToken, parts, listAt, true);
        }

        /** Options with the default parts and listing size. */
        public Options(URI source, URI target, boolean repair, String sourceToken, String targetToken) {
            this(source, target, repair, sourceToken, targetToken, VerifyPass.DEFAULT_PARTS, VerifyPass.DEFAULT_LIST_AT);
        }
    }

    /**
     * What a verify did.
     *
     * @param report what the pass found
     * @param inSync whether the two digests had equal ticks
     * @param reissued how many rows the source reissued (0 without repair)
     * @param repair the repairing pass, or null when none ran
     * @param took how long it all took
     */
    public record Result(VerifyReport report, boolean inSync, int reissued, HttpSyncPass.Summary repair, Duration took) {
        /** Rows the repair sent to the target. */
        public int sent() {
            return repair == null ? 0 : repair.entries();
        }

        /** Rows the target took. */
        public int repaired() {
            return repair == null ? 0 : repair.applied();
        }

        /** The summary line. */
        public String line() {
            return String.format(Locale.ROOT, "records verify: rounds=%d round_trips=%d ranges=%d rows_listed=%d"
                    + " differing=%d changed=%d missing=%d extra=%d in_sync=%s reissued=%d sent=%d repaired=%d"
                    + " seconds=%.2f", report.rounds(), report.roundTrips(), report.rangesCompared(),
                    report.rowsListed(), report.differences().size(), report.count(Difference.Kind.CHANGED),
                    report.count(Difference.Kind.MISSING_ON_TARGET), report.count(Difference.Kind.EXTRA_ON_TARGET),
                    inSync ? "yes" : "no", reissued, sent(), repaired(), took.toNanos() / 1e9);
        }
    }

    /**
     * Runs the verify (and the repair when asked).
     *
     * @throws IOException when an endpoint cannot be reached or refuses, or a repair is asked of endpoints not in
     *     sync (the message says which and why)
     */
    public static Result run(HttpClient http, Options o) throws IOException, InterruptedException {
        long start = System.nanoTime();
        boolean inSync = digest(http, o.source(), "source").sameTicks(digest(http, o.target(), "target"));
        if (o.repair() && !o.allowDifferentCollections()) {
            // a comparison of two collections is harmless; a repair would write the one's rows over the other's
            DifferentCollections.check(o.source(), o.target());
        }
        if (o.repair() && !inSync) {
            throw new IOException("the source and the target are not in sync (their digests differ), so a difference"
                    + " may be a change not yet synced, which a repair would overwrite: run tributary records sync"
                    + " --two-way first, then verify");
        }
        VerifyReport report = new VerifyPass(new HttpVerifySide(http, o.source(), o.sourceToken(), "source"),
                new HttpVerifySide(http, o.target(), o.targetToken(), "target"), o.parts(), o.listAt()).run();
        int reissued = 0;
        HttpSyncPass.Summary repair = null;
        if (o.repair() && !report.differences().isEmpty()) {
            List<String> keys = report.keys();
            for (int from = 0; from < keys.size(); from += VerifyJson.MAX_REISSUE_KEYS) {
                List<String> chunk = keys.subList(from, Math.min(keys.size(), from + VerifyJson.MAX_REISSUE_KEYS));
                byte[] answer = HttpVerifySide.post(http, o.source() + "/$syncReissue", VerifyJson.writeKeys(chunk),
                        o.sourceToken(), "source", "reissuing the differing rows");
                try {
                    reissued += VerifyJson.readReissued(answer);
                } catch (IllegalArgumentException e) {
                    throw new IOException("the source answered $syncReissue with something else: " + e.getMessage(), e);
                }
            }
            String stamp = LocalDateTime.ofInstant(Instant.now().truncatedTo(ChronoUnit.SECONDS), ZoneOffset.UTC)
                    .toString();
            repair = new HttpSyncPass(http, o.source(), o.target(), o.sourceToken(), o.targetToken(), null)
                    .run("tributary records verify", stamp);
        }
        return new Result(report, inSync, reissued, repair, Duration.ofNanos(System.nanoTime() - start));
    }

    private static Digest digest(HttpClient http, URI collection, String role) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(collection + "/$syncDigest"))
                .timeout(Duration.ofSeconds(60)).GET().build();
        HttpResponse<byte[]> r;
        try {
            r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw Unreachable.inWords("the " + role + " ", request.uri(), e, Duration.ofSeconds(60));
        }
        CollectionCheck.check(collection, role, r.statusCode(), r.body());
        if (r.statusCode() != 200) {
            String said = HttpSyncPass.whatItSaid(r.body());
            throw new IOException("reading the " + role + "'s digest: " + request.uri() + " answered " + r.statusCode()
                    + (said.isEmpty() ? "" : ": " + said));
        }
        try {
            return new AtomReader().readDigest(new ByteArrayInputStream(r.body())).digest();
        } catch (MalformedDocumentException e) {
            throw new IOException("the " + role + "'s digest is not a digest: " + e.getMessage(), e);
        }
    }

    private static URI trim(URI u) {
        String s = u.toString();
        return s.endsWith("/") ? URI.create(s.substring(0, s.length() - 1)) : u;
    }
}
