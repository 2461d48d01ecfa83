package dev.tributary.bytes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class HashTest {
    /** Mainnet genesis block hash, as explorers display it. */
    static final String GENESIS_DISPLAY = "000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f";
    /** The same 32 bytes in internal (wire) order: the previous-block field of block 1's header. */
    static final String GENESIS_INTERNAL = "6fe28c0ab6f1b372c1a6a246ae63f74f931e8365e15a089c68d6190000000000";
    /** Mainnet block 1. */
    static final String BLOCK1_DISPLAY = "00000000839a8e6886ab5951d76f411475428afc90947ee320161bbf18eb6048";

    @Test
    void displayOrderIsTheReverseOfInternalOrder() {
        Hash h = Hash.fromDisplayHex(GENESIS_DISPLAY);
        assertThat(h.toString()).isEqualTo(GENESIS_DISPLAY);
        assertThat(h.toInternalHex()).isEqualTo(GENESIS_INTERNAL);
        assertThat(Hash.fromInternalHex(GENESIS_INTERNAL)).isEqualTo(h);
        assertThat(h.byteAt(0)).isEqualTo((byte) 0x6f);
        assertThat(h.byteAt(31)).isEqualTo((byte) 0);
    }

    @Test
    void toBigIntegerReadsTheInternalBytesAsALittleEndianNumber() {
        assertThat(Hash.fromDisplayHex(GENESIS_DISPLAY).toBigInteger()).isEqualTo(new BigInteger(GENESIS_DISPLAY, 16));
        byte[] b = new byte[32];
        b[0] = 1;
        assertThat(Hash.wrap(b).toBigInteger()).isEqualTo(BigInteger.ONE);
        b[0] = 0;
        b[31] = (byte) 0x80;
        // unsigned: the top bit set is 2^255, not a negative number
        assertThat(Hash.wrap(b).toBigInteger()).isEqualTo(BigInteger.ONE.shiftLeft(255));
        assertThat(Hash.ZERO.toBigInteger()).isEqualTo(BigInteger.ZERO);
    }

    @Test
    void compareToOrdersAsNumbers() {
        Hash genesis = Hash.fromDisplayHex(GENESIS_DISPLAY);
        Hash block1 = Hash.fromDisplayHex(BLOCK1_DISPLAY);
        // genesis has more proof of work: a smaller number
        assertThat(genesis).isLessThan(block1);
        assertThat(block1).isGreaterThan(genesis);
        assertThat(genesis.compareTo(Hash.fromDisplayHex(GENESIS_DISPLAY))).isZero();

        byte[] low = new byte[32];
        low[0] = (byte) 0xff; // least significant byte: 255
        byte[] high = new byte[32];
        high[31] = 1; // most significant byte: 2^248
        assertThat(Hash.wrap(low)).isLessThan(Hash.wrap(high));
        assertThat(Hash.ZERO).isLessThan(Hash.wrap(low));
    }

    @Property
    void compareToAgreesWithToBigInteger(@ForAll @Size(32) byte[] a, @ForAll @Size(32) byte[] b) {
        Hash x = Hash.wrap(a);
        Hash y = Hash.wrap(b);
        assertThat(Integer.signum(x.compareTo(y))).isEqualTo(x.toBigInteger().compareTo(y.toBigInteger()));
        assertThat(Integer.signum(x.compareTo(y))).isEqualTo(-Integer.signum(y.compareTo(x)));
        assertThat(x.equals(y)).isEqualTo(x.compareTo(y) == 0);
    }

    @Property
    void displayAndInternalHexRoundTrip(@ForAll @Size(32) byte[] a) {
        Hash h = Hash.wrap(a);
        assertThat(Hash.fromDisplayHex(h.toString())).isEqualTo(h);
        assertThat(Hash.fromInternalHex(h.toInternalHex())).isEqualTo(h);
        assertThat(h.toBytes()).isEqualTo(a);
        assertThat(h.hashCode()).isEqualTo(Hash.wrap(a.clone()).hashCode());
    }

    @Test
    void wrapCopiesItsInputAndToBytesCopiesItsOutput() {
        byte[] b = new byte[32];
        Hash h = Hash.wrap(b);
        b[0] = 1;
        assertThat(h.isZero()).isTrue();
        h.toBytes()[0] = 1;
        assertThat(h.isZero()).isTrue();
        assertThat(h).isEqualTo(Hash.ZERO);
    }

    @Test
    void wrapRejectsAnythingButThirtyTwoBytes() {
        assertThatThrownBy(() -> Hash.wrap(new byte[31])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Hash.wrap(new byte[33])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Hash.fromDisplayHex("00")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Hash.fromInternalHex(GENESIS_INTERNAL + "00")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Hash.fromDisplayHex("zz" + GENESIS_DISPLAY.substring(2)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void wrapAtAnOffsetCopiesThirtyTwoBytesFromThere() {
        byte[] src = new byte[40];
        for (int i = 0; i < src.length; i++) {
            src[i] = (byte) i;
        }
        Hash h = Hash.wrap(src, 8);
        assertThat(h.byteAt(0)).isEqualTo((byte) 8);
        assertThat(h.byteAt(31)).isEqualTo((byte) 39);
        byte[] target = new byte[34];
        h.copyTo(target, 2);
        assertThat(target[2]).isEqualTo((byte) 8);
        assertThat(target[33]).isEqualTo((byte) 39);
    }

    /**
     * Regression: {@code Hash.wrap(source, offset)} used {@code Arrays.copyOfRange}, which pads with zeros past
     * the end of the source, so a short source silently became a hash ending in invented zero bytes.
     */
    @Test
    void wrapAtOffsetPastTheEnd_isRejectedNotZeroPadded() {
        assertThatThrownBy(() -> Hash.wrap(new byte[40], 9)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> Hash.wrap(new byte[10], 0)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> Hash.wrap(new byte[40], -1)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void shortStringSkipsLeadingZeros() {
        assertThat(Hash.fromDisplayHex(GENESIS_DISPLAY).toShortString()).isEqualTo("19d6689c085ae165");
        assertThat(Hash.ZERO.toShortString()).isEqualTo("0000000000000000");
        assertThat(Hash.fromDisplayHex("f" + "0".repeat(63)).toShortString()).isEqualTo("f000000000000000");
    }

    @Test
    void zero() {
        assertThat(Hash.ZERO.isZero()).isTrue();
        assertThat(Hash.fromDisplayHex(GENESIS_DISPLAY).isZero()).isFalse();
        assertThat(Hash.ZERO.toString()).isEqualTo("0".repeat(64));
    }
}
