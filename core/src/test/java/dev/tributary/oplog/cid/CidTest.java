package dev.tributary.oplog.cid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class CidTest {
    /** The empty dag-cbor map {@code a0}: its CID is the one IPFS documentation shows in base32. */
    private static final byte[] EMPTY_MAP = {(byte) 0xa0};

    @Test
    void theEmptyMapHasTheCidIpfsDocuments() {
        Cid cid = Cid.of(EMPTY_MAP);
        assertThat(base32(cid.bytes())).isEqualTo("bafyreigbtj4x7ip5legnfznufuopl4sg4knzc2cof6duas4b3q2fy6swua");
        assertThat(cid.toString()).isEqualTo("zdpuAyTBnYSugBZhqJuLsNpzjmAjSmxDqBbtAqXMtsvxiN2v3");
        assertThat(cid.version()).isEqualTo(1);
        assertThat(cid.codec()).isEqualTo(Cid.DAG_CBOR);
        assertThat(cid.hashFunction()).isEqualTo(Cid.SHA2_256);
        assertThat(cid.isDagCborSha256()).isTrue();
        assertThat(HexFormat.of().formatHex(cid.digest()))
                .isEqualTo("c19a797fa1fd590cd2e5b42d1cf5f246e29b91684e2f87404b81dc345c7a56a0");
        assertThat(cid.matches(EMPTY_MAP)).isTrue();
        assertThat(cid.matches(new byte[] {(byte) 0xa1})).isFalse();
    }

    @Test
    void parsesOrbitDbsTextBack() {
        Cid cid = Cid.parse("zdpuAsKzwUEa8cz9pkJxxFMxLuP3cutA9PDGoLZytrg4RSVEa");
        assertThat(cid.isDagCborSha256()).isTrue();
        assertThat(cid.toString()).isEqualTo("zdpuAsKzwUEa8cz9pkJxxFMxLuP3cutA9PDGoLZytrg4RSVEa");
        assertThat(Cid.fromBytes(cid.bytes())).isEqualTo(cid).hasSameHashCodeAs(cid);
    }

    @Test
    void readsACidV0() {
        Cid v0 = Cid.parse("QmRfPsKJs9YqTot5krRibra4gPwoK4kghhU8iKWxBjGDDX");
        assertThat(v0.version()).isZero();
        assertThat(v0.codec()).isEqualTo(Cid.DAG_PB);
        assertThat(v0.toString()).isEqualTo("QmRfPsKJs9YqTot5krRibra4gPwoK4kghhU8iKWxBjGDDX");
        assertThat(v0.bytes()).hasSize(34);
    }

    @Test
    void badTextGetsAClearError() {
        assertThatThrownBy(() -> Cid.parse("")).hasMessage("not a CID: the text is empty");
        assertThatThrownBy(() -> Cid.parse("bafyreigbtj4x7ip5legnfznufuopl4sg4knzc2cof6duas4b3q2fy6swua"))
                .hasMessageContaining("does not start with 'z'");
        assertThatThrownBy(() -> Cid.parse("zdpuAsKzwUEa8cz9pkJxxFMxLuP3cutA9PDGoLZytrg4RSVEl"))
                .hasMessageContaining("'l' at position 48 is not a base58btc character");
        byte[] cut = java.util.Arrays.copyOf(Cid.of(EMPTY_MAP).bytes(), 35);
        assertThatThrownBy(() -> Cid.parse("z" + Base58.encode(cut)))
                .hasMessageContaining("the multihash says its digest has 32 bytes but 31 follow");
        assertThatThrownBy(() -> Cid.parse("z" + Base58.encode(new byte[] {2, 0x71, 0x12, 0x01, 0})))
                .hasMessageContaining("unsupported CID version 2");
        // an address or hash cut short when copied: said so, not only as the bytes' fault
        assertThatThrownBy(() -> Cid.parse("zdpuAkk6YmQ1dPnBLrpsXgWWdD9eVtsfAKgyeNxyLBE"))
                .hasMessageStartingWith("not a CID: 'zdpuAkk6YmQ1dPnBLrpsXgWWdD9eVtsfAKgyeNxyLBE' is cut short or"
                        + " mistyped (the CIDs OrbitDB writes are 49 characters, zdpu...;");
        assertThatThrownBy(() -> Cid.parse("zzz")).hasMessageStartingWith("not a CID: 'zzz' is cut short or mistyped");
    }

    @Test
    void orderIsThatOfTheBinaryBytes() {
        Cid a = Cid.fromBytes(HexFormat.of().parseHex("01711220" + "00".repeat(32)));
        Cid b = Cid.fromBytes(HexFormat.of().parseHex("01711220" + "ff" + "00".repeat(31)));
        assertThat(a).isLessThan(b);
    }

    @Property(tries = 2000)
    void base58RoundTrips(@ForAll byte[] data) {
        assertThat(Base58.decode(Base58.encode(data))).isEqualTo(data);
        assertThat(Base58.encode(data)).isEqualTo(slowBase58(data));
    }

    @Property(tries = 1000)
    void base58TextRoundTrips(@ForAll("base58") String text) {
        assertThat(Base58.encode(Base58.decode(text))).isEqualTo(text);
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<String> base58() {
        return net.jqwik.api.Arbitraries.strings().withChars("123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz")
                .ofMaxLength(80);
    }

    /** Base58 by BigInteger division, the definition. */
    private static String slowBase58(byte[] data) {
        String alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
        StringBuilder sb = new StringBuilder();
        java.math.BigInteger v = new java.math.BigInteger(1, data);
        java.math.BigInteger base = java.math.BigInteger.valueOf(58);
        while (v.signum() > 0) {
            java.math.BigInteger[] qr = v.divideAndRemainder(base);
            sb.append(alphabet.charAt(qr[1].intValue()));
            v = qr[0];
        }
        for (int i = 0; i < data.length && data[i] == 0; i++) {
            sb.append('1');
        }
        return sb.reverse().toString();
    }

    @Test
    void base58KnownVectors() {
        assertThat(Base58.encode("hello world".getBytes(java.nio.charset.StandardCharsets.US_ASCII)))
                .isEqualTo("StV1DL6CwTryKyV");
        assertThat(Base58.encode(new byte[] {0, 0, 1})).isEqualTo("112");
        assertThat(Base58.encode(new byte[0])).isEmpty();
    }

    private static String base32(byte[] bytes) {
        // RFC 4648 base32, lower case, no padding, with multibase prefix 'b'
        String alphabet = "abcdefghijklmnopqrstuvwxyz234567";
        StringBuilder sb = new StringBuilder("b");
        int buffer = 0;
        int bits = 0;
        for (byte b : bytes) {
            buffer = (buffer << 8) | (b & 0xFF);
            bits += 8;
            while (bits >= 5) {
                sb.append(alphabet.charAt((buffer >> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        if (bits > 0) {
            sb.append(alphabet.charAt((buffer << (5 - bits)) & 31));
        }
        return sb.toString();
    }


    @Test
    void textsSharingACacheSlotEachParseToTheirOwnCid() {
        // two CIDs whose texts fall in the same slot of the parse cache, parsed in turn: each time its own CID
        java.util.Map<Integer, Cid> bySlot = new java.util.HashMap<>();
        Cid a = null;
        Cid b = null;
        for (int i = 0; a == null; i++) {
            Cid c = Cid.of(new byte[] {(byte) i, (byte) (i >> 8), (byte) (i >> 16)});
            Cid other = bySlot.putIfAbsent(c.toString().hashCode() & 4095, c);
            if (other != null) {
                a = other;
                b = c;
            }
        }
        for (int round = 0; round < 3; round++) {
            assertThat(Cid.parse(a.toString())).isEqualTo(a);
            assertThat(Cid.parse(b.toString())).isEqualTo(b);
        }
        assertThatThrownBy(() -> Cid.parse("zzz0")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Cid.parse("zzz0")).isInstanceOf(IllegalArgumentException.class);
    }
}
