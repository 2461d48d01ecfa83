package dev.tributary.sync;

import dev.tributary.bytes.ByteReader;
import dev.tributary.chain.HeaderSyncData;
import dev.tributary.chain.BlockHeader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Real mainnet data from the test resources, with heights and chain work computed here (work of a block
 * = floor(2^256 / (target + 1)), target decoded from the compact bits) so that these tests do not depend
 * on the chain package's own arithmetic.
 */
public final class MainnetChain {
    public static final String NETWORK = "mainnet";
    private static final BigInteger TWO_256 = BigInteger.ONE.shiftLeft(256);

    private static List<HeaderSyncData> headers;
    private static List<byte[]> blocks;

    private MainnetChain() {
    }

    /** Heights 0 to 10236, in height order. */
    public static synchronized List<HeaderSyncData> headers() {
        if (headers == null) {
            ByteReader in = new ByteReader(resource("headers-0-10236.bin"));
            List<HeaderSyncData> out = new ArrayList<>();
            BigInteger work = BigInteger.ZERO;
            while (in.remaining() > 0) {
                BlockHeader h = BlockHeader.read(in);
                work = work.add(workOf(h.bits()));
                out.add(new HeaderSyncData(h, out.size(), work));
            }
            headers = List.copyOf(out);
        }
        return headers;
    }

    /** The serialized blocks of heights 0 to 438. */
    public static synchronized List<byte[]> blocks() {
        if (blocks == null) {
            ByteReader in = new ByteReader(resource("blocks-0-438.dat"));
            List<byte[]> out = new ArrayList<>();
            while (in.remaining() > 0) {
                in.readInt32LE(); // network magic
                out.add(in.readBytes(in.readInt32LE()));
            }
            blocks = List.copyOf(out);
        }
        return blocks;
    }

    public static BigInteger workOf(long compactBits) {
        int exponent = (int) (compactBits >>> 24) & 0xff;
        long mantissa = compactBits & 0x007fffffL;
        BigInteger target = exponent <= 3
                ? BigInteger.valueOf(mantissa >>> (8 * (3 - exponent)))
                : BigInteger.valueOf(mantissa).shiftLeft(8 * (exponent - 3));
        return TWO_256.divide(target.add(BigInteger.ONE));
    }

    private static byte[] resource(String name) {
        try (InputStream in = MainnetChain.class.getResourceAsStream("/mainnet/" + name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
