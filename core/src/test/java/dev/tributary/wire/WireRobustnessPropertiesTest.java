package dev.tributary.wire;

import dev.tributary.chain.Block;
import dev.tributary.net.bitcoin.NetworkAddress;
import dev.tributary.net.bitcoin.VersionMessage;
import dev.tributary.net.bitcoin.BitcoinMessages;
import static dev.tributary.wire.WireFixtures.MAINNET;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.bytes.ByteWriter;
import dev.tributary.wire.WireFixtures.Error;
import dev.tributary.wire.WireFixtures.Event;
import dev.tributary.wire.WireFixtures.Frame;
import dev.tributary.wire.WireFixtures.RecordingSink;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.statistics.Statistics;

/**
 * "Any bytes give a value or a clear error, never a crash or a hang": arbitrary streams into the frame decoder,
 * arbitrary payloads (with valid checksums, so that decoding really runs) for every command, mutations of valid
 * payloads and real blocks, and counts that claim far more items than the payload holds.
 *
 * <p>A decoder bug would not surface as an exception here, because {@link MessageCodec} catches every
 * {@link RuntimeException}; so each property also requires that a failure is a clean
 * {@link dev.tributary.bytes.MalformedDataException} (no "undecodable:" detail), and that whatever decodes
 * re-encodes to exactly the bytes it came from (the codecs accept only canonical encodings).
 */
class WireRobustnessPropertiesTest {
    static final List<String> REGISTERED = List.of("version", "verack", "ping", "pong", "getaddr", "addr",
            "sendheaders", "getheaders", "headers", "getblocks", "inv", "getdata", "notfound", "block", "tx");
    private static final MessageCodec CODEC = BitcoinMessages.codec();

    // ---- (a) arbitrary bytes into FrameDecoder + MessageCodec ----

    @Provide
    Arbitrary<byte[]> streams() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(3000);
    }

    @Provide
    Arbitrary<List<Integer>> chunkSizes() {
        return Arbitraries.integers().between(1, 200).list().ofMinSize(1).ofMaxSize(20);
    }

    @Provide
    Arbitrary<Integer> magics() {
        return Arbitraries.oneOf(Arbitraries.integers(), Arbitraries.just(MAINNET));
    }

    @Property(tries = 1000)
    void anyBytesWithAnyMagicGiveFramesOrErrors(@ForAll("streams") byte[] stream, @ForAll("magics") int magic,
            @ForAll("chunkSizes") List<Integer> chunks) {
        HangGuard.run(() -> checkStream(magic, stream, chunks));
    }

    @Property(tries = 1000)
    void anyBytesAfterTheRightMagicGiveFramesOrErrors(@ForAll("streams") byte[] rest,
            @ForAll("chunkSizes") List<Integer> chunks) {
        byte[] stream = WireFixtures.concat(WireFixtures.hex("f9beb4d9"), rest);
        HangGuard.run(() -> checkStream(MAINNET, stream, chunks));
    }

    /** A plausible header (right magic, a real command, a length within reach) then random bytes. */
    @Property(tries = 1000)
    void aPlausibleHeaderThenAnyBytesGiveFramesOrErrors(@ForAll("commands") String command,
            @ForAll @IntRange(max = 400) int declaredLength, @ForAll @Size(4) byte[] checksum,
            @ForAll("streams") byte[] rest, @ForAll("chunkSizes") List<Integer> chunks) {
        byte[] name = command.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        ByteWriter w = new ByteWriter().writeInt32LE(MAINNET).writeBytes(name).writeBytes(new byte[12 - name.length]).writeInt32LE(declaredLength).writeBytes(checksum)
                .writeBytes(rest);
        HangGuard.run(() -> checkStream(MAINNET, w.toByteArray(), chunks));
    }

    private static void checkStream(int magic, byte[] stream, List<Integer> chunks) {
        FrameDecoder decoder = new FrameDecoder(magic);
        RecordingSink sink = new RecordingSink();
        int off = 0;
        int i = 0;
        while (off < stream.length) {
            int n = Math.min(chunks.get(i++ % chunks.size()), stream.length - off);
            decoder.feed(stream, off, n, sink);
            off += n;
            assertThat(decoder.bufferedBytes()).isBetween(0, FrameCodec.HEADER_SIZE + off);
        }
        boolean fatalSeen = false;
        for (Event e : sink.events) {
            assertThat(fatalSeen).as("an event after a fatal error: %s", e).isFalse();
            if (e instanceof Error err) {
                assertThat(err.error().kind()).isNotNull();
                assertThat(err.error().detail()).isNotBlank();
                fatalSeen = err.error().fatal();
            } else if (e instanceof Frame f) {
                checkDecodes(f.command(), f.payload());
            }
        }
        assertThat(decoder.failed()).isEqualTo(fatalSeen);
        // the same bytes in one call give the same events
        RecordingSink whole = new RecordingSink();
        new FrameDecoder(magic).feed(stream, 0, stream.length, whole);
        assertThat(whole.events).isEqualTo(sink.events);
    }

    /** Decodes one payload and checks it gave a message or a clean error; returns whether it decoded. */
    static boolean checkDecodes(String command, byte[] payload) {
        DecodeResult r = CODEC.decode(command, payload);
        if (r instanceof DecodeResult.Failed failed) {
            WireError e = failed.error();
            assertThat(e.fatal()).isFalse();
            assertThat(e.command()).isEqualTo(command);
            if (e.kind() == WireError.Kind.MALFORMED_PAYLOAD) {
                assertThat(e.detail()).as("decoder crashed on %s", WireFixtures.hex(payload))
                        .doesNotStartWith("undecodable");
            } else {
                assertThat(e.kind()).isEqualTo(WireError.Kind.UNKNOWN_COMMAND);
                assertThat(CODEC.knows(command)).isFalse();
            }
            return false;
        }
        Message m = ((DecodeResult.Decoded) r).message();
        if (m instanceof IgnoredMessage ignored) {
            assertThat(ignored.payloadSize()).isEqualTo(payload.length);
        } else if (!command.equals(VersionMessage.COMMAND)) {
            // version alone tolerates extra fields and any nonzero relay byte
            assertThat(m.command()).isEqualTo(command);
            assertThat(m.payload()).as("%s re-encodes to the bytes it was decoded from", command).isEqualTo(payload);
        }
        return true;
    }

    // ---- (a) random payloads with a valid checksum, for every registered command ----

    @Provide
    Arbitrary<String> commands() {
        return Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.of(REGISTERED)),
                Tuple.of(1, Arbitraries.of(BitcoinMessages.IGNORED_COMMANDS.stream().filter(c -> c.length() <= 12).toList())),
                Tuple.of(1, Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(12)));
    }

    @Provide
    Arbitrary<byte[]> payloads() {
        return Arbitraries.oneOf(
                Arbitraries.bytes().array(byte[].class).ofMaxSize(16),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(600),
                // mostly small bytes: small varints and counts, so that decoders get further in
                Arbitraries.bytes().between((byte) 0, (byte) 3).array(byte[].class).ofMaxSize(600));
    }

    @Property(tries = 3000)
    void randomPayloadsInValidFramesDecodeOrFailCleanly(@ForAll("commands") String command,
            @ForAll("payloads") byte[] payload) {
        byte[] frame = FrameCodec.encode(MAINNET, command, payload);
        boolean decoded = HangGuard.call(() -> {
            RecordingSink sink = WireFixtures.decodeAll(frame);
            assertThat(sink.events).containsExactly(new Frame(command, payload));
            return checkDecodes(command, payload);
        });
        Statistics.label("command").collect(CODEC.knows(command) ? command : "(ignored or unknown)");
        Statistics.label("decoded").collect(decoded);
    }

    // ---- (c) mutations of valid payloads and of real blocks ----

    /** One edit of a byte array; positions are taken modulo the current length. */
    record Mutation(int op, int position, byte value) {
        byte[] apply(byte[] in) {
            int n = in.length;
            int p = n == 0 ? 0 : Math.floorMod(position, n);
            switch (op) {
                case 0: { // flip bits
                    if (n == 0) {
                        return in;
                    }
                    byte[] out = in.clone();
                    out[p] ^= value == 0 ? 1 : value;
                    return out;
                }
                case 1: { // set a byte
                    if (n == 0) {
                        return in;
                    }
                    byte[] out = in.clone();
                    out[p] = value;
                    return out;
                }
                case 2: // truncate
                    return Arrays.copyOf(in, p);
                case 3: { // extend
                    byte[] out = Arrays.copyOf(in, n + 1 + (value & 7));
                    Arrays.fill(out, n, out.length, value);
                    return out;
                }
                case 4: { // insert one byte
                    byte[] out = new byte[n + 1];
                    System.arraycopy(in, 0, out, 0, p);
                    out[p] = value;
                    System.arraycopy(in, p, out, p + 1, n - p);
                    return out;
                }
                default: { // delete one byte
                    if (n == 0) {
                        return in;
                    }
                    byte[] out = new byte[n - 1];
                    System.arraycopy(in, 0, out, 0, p);
                    System.arraycopy(in, p + 1, out, p, n - p - 1);
                    return out;
                }
            }
        }
    }

    @Provide
    Arbitrary<List<Mutation>> mutations() {
        Arbitrary<Mutation> one = Combinators.combine(Arbitraries.integers().between(0, 5), Arbitraries.integers(),
                Arbitraries.bytes()).as(Mutation::new);
        return one.list().ofMinSize(1).ofMaxSize(4);
    }

    @Provide
    Arbitrary<Message> messages() {
        return WireArbitraries.message();
    }

    @Property(tries = 2000)
    void mutatedValidPayloadsDecodeOrFailCleanly(@ForAll("messages") Message m,
            @ForAll("mutations") List<Mutation> edits) {
        byte[] payload = m.payload();
        for (Mutation e : edits) {
            payload = e.apply(payload);
        }
        byte[] mutated = payload;
        boolean decoded = HangGuard.call(() -> checkDecodes(m.command(), mutated));
        Statistics.label("decoded").collect(decoded);
        requireBothOutcomes();
    }

    /** Guards against a vacuous property: some mutations must still decode, and some must fail. */
    private static void requireBothOutcomes() {
        Statistics.label("decoded").coverage(c -> {
            c.check(true).count(n -> n > 0);
            c.check(false).count(n -> n > 0);
        });
    }

    @Property(tries = 1000)
    void mutatedRealBlocksDecodeOrFailCleanly(@ForAll @IntRange(max = 438) int height,
            @ForAll("mutations") List<Mutation> edits) {
        byte[] payload = WireFixtures.mainnetBlock(height);
        for (Mutation e : edits) {
            payload = e.apply(payload);
        }
        byte[] mutated = payload;
        boolean decoded = HangGuard.call(() -> {
            boolean ok = checkDecodes("block", mutated);
            if (ok) {
                // what still decodes is a block that serializes back to the same bytes
                assertThat(Block.parse(mutated).serialize()).isEqualTo(mutated);
            }
            return ok;
        });
        Statistics.label("decoded").collect(decoded);
        requireBothOutcomes();
    }

    @Property(tries = 500)
    void mutatedRealTransactionsDecodeOrFailCleanly(@ForAll @IntRange(min = 1, max = 438) int height,
            @ForAll("mutations") List<Mutation> edits) {
        Block b = Block.parse(WireFixtures.mainnetBlock(height));
        byte[] payload = b.transactions().get(b.transactions().size() - 1).serialize(true);
        for (Mutation e : edits) {
            payload = e.apply(payload);
        }
        byte[] mutated = payload;
        boolean decoded = HangGuard.call(() -> checkDecodes("tx", mutated));
        Statistics.label("decoded").collect(decoded);
        requireBothOutcomes();
    }

    // ---- (d) counts claiming far more than the payload holds ----

    /** Where a varint count or length sits in each payload, and the bytes before it. */
    record CountSite(String command, byte[] prefix) {
        @Override
        public String toString() {
            return command + " after " + prefix.length + " bytes";
        }
    }

    @Provide
    Arbitrary<CountSite> countSites() {
        byte[] header = WireFixtures.mainnetHeaders(1).get(0).serialize();
        byte[] input = WireFixtures.hex("00".repeat(32) + "ffffffff" + "00" + "ffffffff"); // null outpoint, no script
        byte[] v1 = WireFixtures.hex("01000000");
        List<CountSite> sites = new ArrayList<>(List.of(
                new CountSite("headers", new byte[0]),
                new CountSite("inv", new byte[0]),
                new CountSite("getdata", new byte[0]),
                new CountSite("notfound", new byte[0]),
                new CountSite("addr", new byte[0]),
                new CountSite("getheaders", v1),
                new CountSite("getblocks", v1),
                new CountSite("block", header), // transaction count
                new CountSite("block", WireFixtures.concat(header, WireFixtures.hex("01"), v1)), // input count
                new CountSite("tx", v1), // input count
                new CountSite("tx", WireFixtures.concat(v1, WireFixtures.hex("0001"))), // witness input count
                new CountSite("tx", WireFixtures.concat(v1, WireFixtures.hex("01"), input)), // output count
                new CountSite("tx", WireFixtures.concat(v1, WireFixtures.hex("01"), Arrays.copyOf(input, 36))), // script
                new CountSite("tx", WireFixtures.concat(v1, WireFixtures.hex("0001"), WireFixtures.hex("01"), input,
                        WireFixtures.hex("00"))), // witness item count
                new CountSite("tx", WireFixtures.concat(v1, WireFixtures.hex("0001"), WireFixtures.hex("01"), input,
                        WireFixtures.hex("00"), WireFixtures.hex("01"))))); // witness item length
        // version: the user agent's length, after the 80 bytes of fixed fields
        VersionMessage v = new VersionMessage(70016, 0, 0,
                new NetworkAddress(0, java.net.InetAddress.getLoopbackAddress(), 0),
                new NetworkAddress(0, java.net.InetAddress.getLoopbackAddress(), 0), 0, "", 0, true);
        sites.add(new CountSite("version", Arrays.copyOf(v.payload(), 80)));
        return Arbitraries.of(sites);
    }

    @Provide
    Arbitrary<Long> hugeClaims() {
        return Arbitraries.oneOf(
                Arbitraries.of(1L << 62, 0xffffffffL, 0x7fffffffL, 0x10000L, 2001L, 50_001L, 1001L, 102L, 257L, -1L,
                        Long.MIN_VALUE),
                Arbitraries.longs().between(100, Long.MAX_VALUE),
                Arbitraries.longs().between(Long.MIN_VALUE, -1));
    }

    @Property(tries = 1000)
    void hugeCountsWithATinyPayloadFailFastWithoutAllocating(@ForAll("countSites") CountSite site,
            @ForAll("hugeClaims") long claim, @ForAll @Size(max = 16) byte[] tail) {
        byte[] payload = new ByteWriter().writeBytes(site.prefix()).writeVarInt(claim).writeBytes(tail).toByteArray();
        HangGuard.run(() -> {
            long[] allocated = new long[1];
            DecodeResult[] result = new DecodeResult[1];
            allocated[0] = WireFixtures.allocatedBytesDuring(() -> result[0] = CODEC.decode(site.command(), payload));
            WireError e = WireFixtures.decodeError(result[0]);
            assertThat(e.kind()).isEqualTo(WireError.Kind.MALFORMED_PAYLOAD);
            assertThat(e.detail()).doesNotStartWith("undecodable");
            assertThat(e.detail()).containsAnyOf("exceeds", "truncated");
            if (allocated[0] >= 0) {
                assertThat(allocated[0]).as("bytes allocated decoding %s", site).isLessThan(1 << 20);
            }
        });
    }

    @Property(tries = 200)
    void countsAreReportedWithTheLimitTheyBreak(@ForAll("limited") String command,
            @ForAll @IntRange(min = 1, max = 1_000_000) int over) {
        int limit = switch (command) {
            case "headers" -> WireLimits.MAX_HEADERS;
            case "addr" -> WireLimits.MAX_ADDRESSES;
            case "getheaders", "getblocks" -> WireLimits.MAX_LOCATOR;
            default -> WireLimits.MAX_INVENTORY;
        };
        ByteWriter w = new ByteWriter();
        if (Set.of("getheaders", "getblocks").contains(command)) {
            w.writeInt32LE(70016);
        }
        byte[] payload = w.writeVarInt((long) limit + over).toByteArray();
        WireError e = WireFixtures.decodeError(CODEC.decode(command, payload));
        assertThat(e.kind()).isEqualTo(WireError.Kind.MALFORMED_PAYLOAD);
        assertThat(e.detail()).endsWith("exceeds the limit of " + limit).contains(String.valueOf((long) limit + over));
    }

    @Provide
    Arbitrary<String> limited() {
        return Arbitraries.of("headers", "addr", "getheaders", "getblocks", "inv", "getdata", "notfound");
    }
}
