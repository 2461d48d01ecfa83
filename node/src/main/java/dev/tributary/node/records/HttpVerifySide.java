package dev.tributary.node.records;

import dev.tributary.records.verify.RowHash;
import dev.tributary.records.verify.VerifyAnswer;
import dev.tributary.records.verify.VerifyRequest;
import dev.tributary.records.verify.VerifySide;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * One side of a verify pass over HTTP: each request is one {@code POST COLLECTION/$syncVerify} in JSON
 * ({@link VerifyJson}), with the collection's bearer token.
 *
 * @param http the client
 * @param collection the collection's URL, e.g. {@code http://127.0.0.1:8080/records/accounts}
 * @param token the bearer token for POSTs, or null
 * @param role how the pass names the side in errors ({@code source}, {@code target})
 */
record HttpVerifySide(HttpClient http, URI collection, String token, String role) implements VerifySide {

    @Override
    public List<VerifyAnswer> ask(VerifyRequest request) throws IOException, InterruptedException {
        byte[] body = post(http, collection + "/$syncVerify", VerifyJson.writeRequest(request), token, role,
                "comparing key ranges");
        try {
            return VerifyJson.readAnswers(body);
        } catch (IllegalArgumentException e) {
            throw new IOException("the " + role + " " + collection + " answered $syncVerify with something else than"
                    + " a verify answer: " + e.getMessage(), e);
        }
    }

    @Override
    public List<RowHash> rows(List<String> keys) throws IOException, InterruptedException {
        byte[] body = post(http, collection + "/$syncVerify", VerifyJson.writeKeys(keys), token, role,
                "looking rows up by key");
        try {
            return VerifyJson.readRows(body);
        } catch (IllegalArgumentException e) {
            throw new IOException("the " + role + " " + collection + " answered a key lookup with something else than"
                    + " rows: " + e.getMessage(), e);
        }
    }

    /** POSTs {@code body} as JSON to {@code url} and returns the 200 answer's body; anything else is an error in words. */
    static byte[] post(HttpClient http, String url, byte[] body, String token, String role, String doing)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(5))
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        } else {
            b.header("X-Tributary", "records");
        }
        HttpRequest request = b.build();
        HttpResponse<byte[]> r;
        try {
            r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw Unreachable.inWords("the " + role + " ", request.uri(), e,
                    request.timeout().orElse(java.time.Duration.ofMinutes(5)));
        }
        if (r.statusCode() != 200) {
            String said = doing + ": the " + role + " " + url + " answered " + r.statusCode() + ": "
                    + HttpSyncPass.whatItSaid(r.body());
            throw r.statusCode() == 401 || r.statusCode() == 403 ? new TokenRefused(said, request.uri())
                    : new IOException(said);
        }
        return r.body();
    }
}
