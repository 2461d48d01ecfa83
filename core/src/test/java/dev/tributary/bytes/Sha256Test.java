package dev.tributary.bytes;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class Sha256Test {
    private static final HexFormat HEX = HexFormat.of();

    /** The mainnet genesis block header, 80 bytes (first 80 bytes of the 285-byte genesis block). */
    static final String GENESIS_HEADER = "01000000"
            + "0000000000000000000000000000000000000000000000000000000000000000"
            + "3ba3edfd7a7b12b27ac72c3e67768f617fc81bc3888a51323a9fb8aa4b1e5e4a"
            + "29ab5f49" + "ffff001d" + "1dac2b7c";

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void sha256OfTheEmptyString() {
        // FIPS 180-2 / NIST test vector
        assertThat(HEX.formatHex(Sha256.sha256(new byte[0], 0, 0)))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    @Test
    void sha256OfAbc() {
        // FIPS 180-2, appendix B.1
        assertThat(HEX.formatHex(Sha256.sha256(ascii("abc"), 0, 3)))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void sha256OfASliceHashesOnlyTheSlice() {
        byte[] padded = ascii("xxabcyy");
        assertThat(Sha256.sha256(padded, 2, 3)).isEqualTo(Sha256.sha256(ascii("abc"), 0, 3));
    }

    @Test
    void sha256dOfTheEmptyStringStartsWithTheEmptyPayloadChecksum() {
        // 5df6e0e2 is the checksum field of every frame with an empty payload (verack, getaddr...)
        assertThat(Sha256.sha256d(new byte[0]).toInternalHex())
                .isEqualTo("5df6e0e2761359d30a8275058e299fcc0381534545f55cf43e41983f5d4c9456");
    }

    @Test
    void sha256dOfHello() {
        // Bitcoin wiki, "Protocol documentation", Hashes: double-SHA-256 of "hello"
        assertThat(HEX.formatHex(Sha256.sha256dBytes(ascii("hello"), 0, 5)))
                .isEqualTo("9595c9df90075148eb06860365df33584b75bff782a510c6cd4883a419833d50");
    }

    @Test
    void sha256dOfTheGenesisHeaderIsTheGenesisHash() {
        Hash h = Sha256.sha256d(HEX.parseHex(GENESIS_HEADER));
        assertThat(h.toString()).isEqualTo("000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f");
    }

    @Test
    void sha256dOfASliceEqualsSha256dOfItsCopy() {
        byte[] header = HEX.parseHex("ff" + GENESIS_HEADER + "ee");
        assertThat(Sha256.sha256d(header, 1, 80)).isEqualTo(Sha256.sha256d(HEX.parseHex(GENESIS_HEADER)));
    }

    @Test
    void sha256dOfTwoHashesHashesTheirConcatenation() {
        byte[] left = new byte[32];
        byte[] right = new byte[32];
        for (int i = 0; i < 32; i++) {
            left[i] = (byte) i;
            right[i] = (byte) (32 + i);
        }
        // Computed independently: sha256(sha256(bytes 0x00..0x3f)) with Python's hashlib.
        assertThat(Sha256.sha256d(Hash.wrap(left), Hash.wrap(right)).toInternalHex())
                .isEqualTo("01c9f464780a1b6af4eb400fe2f2896cfb2169f5a65701439e4c2c4e213903ef");
    }

    @Test
    void repeatedCallsDoNotLeakStateBetweenDigests() {
        byte[] abc = ascii("abc");
        byte[] first = Sha256.sha256(abc, 0, 3);
        Sha256.sha256dBytes(ascii("hello"), 0, 5);
        assertThat(Sha256.sha256(abc, 0, 3)).isEqualTo(first);
    }

    @Test
    @Timeout(30)
    void safeToCallFromManyThreads() throws Exception {
        byte[] header = HEX.parseHex(GENESIS_HEADER);
        Hash expected = Sha256.sha256d(header);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                results.add(pool.submit(() -> {
                    for (int i = 0; i < 2000; i++) {
                        if (!Sha256.sha256d(header).equals(expected)) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> r : results) {
                assertThat(r.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
