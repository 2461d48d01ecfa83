package dev.tributary.chain;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Vectors from Bitcoin Core's {@code arith_uint256_tests.cpp} (bignum_SetCompact) and {@code pow_tests.cpp}. */
class DifficultyTest {

    @ParameterizedTest(name = "SetCompact(0x{0}) = 0x{1}, GetCompact = 0x{2}")
    @CsvSource({
            "00000000, 0, 00000000",
            "00123456, 0, 00000000",
            "01003456, 0, 00000000",
            "02000056, 0, 00000000",
            "03000000, 0, 00000000",
            "04000000, 0, 00000000",
            "00923456, 0, 00000000",
            "01803456, 0, 00000000",
            "02800056, 0, 00000000",
            "03800000, 0, 00000000",
            "04800000, 0, 00000000",
            "01123456, 12, 01120000",
            "02123456, 1234, 02123400",
            "03123456, 123456, 03123456",
            "04123456, 12345600, 04123456",
            "05009234, 92340000, 05009234",
            "20123456, 1234560000000000000000000000000000000000000000000000000000000000, 20123456",
            "1d00ffff, ffff0000000000000000000000000000000000000000000000000000, 1d00ffff",
    })
    void coreSetCompactVectorsWithoutFlags(String bits, String value, String recompact) {
        Difficulty.CompactTarget t = Difficulty.decode(Long.parseLong(bits, 16));
        assertThat(t.value()).isEqualTo(new BigInteger(value, 16));
        assertThat(t.negative()).isFalse();
        assertThat(t.overflow()).isFalse();
        assertThat(Difficulty.encodeCompact(t.value())).isEqualTo(Long.parseLong(recompact, 16));
    }

    @Test
    void negativeCompactsKeepTheirMagnitudeAndFlag() {
        Difficulty.CompactTarget a = Difficulty.decode(0x01fedcbaL);
        assertThat(a.value()).isEqualTo(BigInteger.valueOf(0x7e));
        assertThat(a.negative()).isTrue();
        assertThat(Difficulty.encodeCompact(a.value(), true)).isEqualTo(0x01fe0000L);

        Difficulty.CompactTarget b = Difficulty.decode(0x04923456L);
        assertThat(b.value()).isEqualTo(BigInteger.valueOf(0x12345600L));
        assertThat(b.negative()).isTrue();
        assertThat(Difficulty.encodeCompact(b.value(), true)).isEqualTo(0x04923456L);
        assertThat(Difficulty.isValidCompact(0x04923456L)).isFalse();
    }

    @Test
    void overflowAndZeroAreNotUsableTargets() {
        assertThat(Difficulty.decode(0xff123456L).overflow()).isTrue();
        assertThat(Difficulty.decode(0xff123456L).negative()).isFalse();
        assertThat(Difficulty.isValidCompact(0xff123456L)).isFalse();
        assertThat(Difficulty.decode(0x22000100L).overflow()).isTrue(); // word > 0xff at size 34
        assertThat(Difficulty.decode(0x21010000L).overflow()).isTrue(); // word > 0xffff at size 33
        assertThat(Difficulty.decode(0x21008000L).overflow()).isFalse();
        assertThat(Difficulty.isValidCompact(0x01003456L)).isFalse(); // zero
        assertThat(Difficulty.isValidCompact(0x1d00ffffL)).isTrue();
        assertThat(Difficulty.work(0xff123456L)).isZero();
        assertThat(Difficulty.work(0x04923456L)).isZero();
        assertThat(Difficulty.work(0)).isZero();
    }

    @Test
    void encodingNeverSetsTheSignBitFromTheValue() {
        assertThat(Difficulty.encodeCompact(BigInteger.valueOf(0x80))).isEqualTo(0x02008000L);
        assertThat(Difficulty.encodeCompact(BigInteger.ZERO)).isZero();
    }

    @Test
    void workOfKnownBits() {
        assertThat(Difficulty.work(0x1d00ffffL)).isEqualTo(BigInteger.valueOf(4295032833L));
        // Core's pow_tests: GetBlockProof for the regtest limit is 2.
        assertThat(Difficulty.work(0x207fffffL)).isEqualTo(BigInteger.TWO);
        // 0x1b0404cb, the first retarget (height 32256): difficulty 16307.420938523983, so about 16307.42 × 2^32;
        // the exact value is floor(2^256 / (0x0404cb × 256^24 + 1)), computed independently with Python.
        assertThat(Difficulty.work(0x1b0404cbL)).isEqualTo(new BigInteger("70040908352512"));
    }

    @Property
    void decodeOfEncodeTruncatesToTheTopSignificantBits(@ForAll("targets") BigInteger target) {
        long bits = Difficulty.encodeCompact(target);
        BigInteger back = Difficulty.decodeCompact(bits);
        assertThat(Difficulty.isValidCompact(bits)).isTrue();
        assertThat(back).isLessThanOrEqualTo(target);
        // At least 16 significant bits survive, so the loss is below 2^(bitLength - 16).
        BigInteger bound = BigInteger.ONE.shiftLeft(Math.max(0, target.bitLength() - 16));
        assertThat(target.subtract(back)).isLessThan(bound);
        assertThat(Difficulty.encodeCompact(back)).isEqualTo(bits);
    }

    @Property
    void canonicalCompactsRoundTripExactly(@ForAll("targets") BigInteger target) {
        long bits = Difficulty.encodeCompact(target);
        assertThat(Difficulty.encodeCompact(Difficulty.decodeCompact(bits))).isEqualTo(bits);
        assertThat(Difficulty.decodeCompact(bits).bitLength()).isEqualTo(target.bitLength());
    }

    @Property
    void anyBitsDecodeWithoutThrowing(@ForAll("uint32") long bits) {
        Difficulty.CompactTarget t = Difficulty.decode(bits);
        assertThat(t.value().signum()).isGreaterThanOrEqualTo(0);
        assertThat(t.value().bitLength()).isLessThanOrEqualTo(256);
        assertThat(Difficulty.work(bits).signum()).isGreaterThanOrEqualTo(0);
    }

    @Provide
    Arbitrary<BigInteger> targets() {
        return Arbitraries.bigIntegers().between(BigInteger.ONE, Difficulty.TWO_256.subtract(BigInteger.ONE))
                .edgeCases(c -> c.add(BigInteger.valueOf(0x80), BigInteger.valueOf(0x7fffff), BigInteger.valueOf(0x800000)));
    }

    @Provide
    Arbitrary<Long> uint32() {
        return Arbitraries.longs().between(0, 0xffffffffL);
    }
}
