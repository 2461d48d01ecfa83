package dev.tributary.oplog.recon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/**
 * Negentropy's fingerprint against its definition, computed the slow way: the ids summed as 256-bit little-endian
 * numbers with {@link BigInteger}, modulo 2^256, then SHA-256(sum || LEB128 count), first 16 bytes.
 */
class FingerprintTest {
    private static final BigInteger MOD = BigInteger.ONE.shiftLeft(256);

    @Property(tries = 200)
    void equalsTheDefinition(@ForAll @Size(max = 40) List<@Size(value = 32) byte[]> ids) throws Exception {
        Fingerprint f = new Fingerprint();
        ids.forEach(f::add);
        assertThat(f.count()).isEqualTo(ids.size());
        assertThat(f.bytes()).isEqualTo(reference(ids));
    }

    /** Ids of all ones carry through every word: the sum wraps around 2^256. */
    @Test
    void carriesAcrossEveryWordAndWraps() throws Exception {
        byte[] ones = new byte[32];
        Arrays.fill(ones, (byte) 0xff);
        byte[] one = new byte[32];
        one[0] = 1;
        List<byte[]> ids = List.of(ones, one, ones, ones);
        Fingerprint f = new Fingerprint();
        ids.forEach(f::add);
        assertThat(f.bytes()).isEqualTo(reference(ids));
    }

    private static byte[] reference(List<byte[]> ids) throws Exception {
        BigInteger sum = BigInteger.ZERO;
        for (byte[] id : ids) {
            byte[] bigEndian = new byte[32];
            for (int i = 0; i < 32; i++) {
                bigEndian[i] = id[31 - i];
            }
            sum = sum.add(new BigInteger(1, bigEndian)).mod(MOD);
        }
        byte[] little = new byte[32];
        byte[] big = sum.toByteArray();
        for (int i = 0; i < 32 && i < big.length; i++) {
            little[i] = big[big.length - 1 - i];
        }
        ByteArrayOutputStream in = new ByteArrayOutputStream();
        in.write(little);
        long c = ids.size();
        do {
            int b = (int) (c & 0x7f);
            c >>>= 7;
            in.write(c != 0 ? b | 0x80 : b);
        } while (c != 0);
        return Arrays.copyOf(MessageDigest.getInstance("SHA-256").digest(in.toByteArray()), Fingerprint.BYTES);
    }
}
