package dev.tributary.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.bytes.ByteReader;
import dev.tributary.bytes.Hash;
import dev.tributary.testing.TestData;
import java.math.BigInteger;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class NetworkParametersTest {

    @Test
    void genesisHashesOfTheThreeNetworks() {
        assertThat(NetworkParameters.MAINNET.genesisHash())
                .hasToString("000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f");
        assertThat(NetworkParameters.REGTEST.genesisHash())
                .hasToString("0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206");
        assertThat(NetworkParameters.TESTNET4.genesisHash())
                .hasToString("00000000da84f2bafbbc53dee25a72ae507ff4914b867c565be350b0da8bf043");
        assertThat(NetworkParameters.TESTNET4.genesisBlock().header().merkleRoot())
                .hasToString("7aa0a7ae1e223414cb807e40cd57e667b718e42aaf9306db9102fe28912b7b4e");
        assertThat(NetworkParameters.MAINNET.genesisBlock().header().merkleRoot())
                .hasToString("4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b");
    }

    @Test
    void mainnetGenesisIsByteExactWithTheRealBlock() {
        Block real = TestData.mainnetBlocks().get(0);
        assertThat(NetworkParameters.MAINNET.genesisBlock().serialize()).isEqualTo(real.serialize());
    }

    @Test
    void genesisBlocksPassTheBlockValidator() {
        for (NetworkParameters p : new NetworkParameters[] {NetworkParameters.MAINNET, NetworkParameters.TESTNET4,
                NetworkParameters.REGTEST}) {
            assertThat(BlockValidator.validate(p.genesisBlock(), p).isAccepted()).as(p.name()).isTrue();
        }
    }

    @Test
    void magicIsTheWireBytesReadLittleEndian() {
        assertThat(NetworkParameters.MAINNET.magic()).isEqualTo(readMagic("f9beb4d9")).isEqualTo(0xd9b4bef9);
        assertThat(NetworkParameters.TESTNET4.magic()).isEqualTo(readMagic("1c163f28"));
        assertThat(NetworkParameters.REGTEST.magic()).isEqualTo(readMagic("fabfb5da"));
    }

    private static int readMagic(String hex) {
        return new ByteReader(HexFormat.of().parseHex(hex)).readInt32LE();
    }

    @Test
    void portsLimitsAndRules() {
        NetworkParameters main = NetworkParameters.MAINNET;
        assertThat(main.defaultPort()).isEqualTo(8333);
        assertThat(NetworkParameters.TESTNET4.defaultPort()).isEqualTo(48333);
        assertThat(NetworkParameters.REGTEST.defaultPort()).isEqualTo(18444);
        assertThat(main.powLimit()).isEqualTo(BigInteger.TWO.pow(224).subtract(BigInteger.ONE));
        assertThat(main.powLimitBits()).isEqualTo(0x1d00ffffL);
        assertThat(NetworkParameters.TESTNET4.powLimitBits()).isEqualTo(0x1d00ffffL);
        assertThat(NetworkParameters.REGTEST.powLimit()).isEqualTo(BigInteger.TWO.pow(255).subtract(BigInteger.ONE));
        assertThat(NetworkParameters.REGTEST.powLimitBits()).isEqualTo(0x207fffffL);
        assertThat(main.targetTimespanSeconds()).isEqualTo(1209600);
        assertThat(main.targetSpacingSeconds()).isEqualTo(600);
        assertThat(main.retargetInterval()).isEqualTo(2016);
        assertThat(main.maxFutureBlockTimeSeconds()).isEqualTo(7200);
        assertThat(main.allowMinDifficultyBlocks()).isFalse();
        assertThat(NetworkParameters.TESTNET4.allowMinDifficultyBlocks()).isTrue();
        assertThat(NetworkParameters.TESTNET4.enforceBip94()).isTrue();
        assertThat(NetworkParameters.REGTEST.noRetargeting()).isTrue();
        assertThat(NetworkParameters.REGTEST.enforceBip94()).isFalse();
        assertThat(new int[] {main.bip34Height(), main.bip65Height(), main.bip66Height()})
                .containsExactly(227931, 388381, 363725);
        assertThat(NetworkParameters.REGTEST.subsidyHalvingInterval()).isEqualTo(150);
    }

    @Test
    void dnsSeeds() {
        assertThat(NetworkParameters.MAINNET.dnsSeeds()).hasSize(8).contains("seed.bitcoin.sipa.be",
                "seed.mainnet.achownodes.xyz");
        assertThat(NetworkParameters.TESTNET4.dnsSeeds()).containsExactly("seed.testnet4.bitcoin.sprovoost.nl",
                "seed.testnet4.wiz.biz");
        assertThat(NetworkParameters.REGTEST.dnsSeeds()).isEmpty();
    }

    @Test
    void forNameAcceptsTheAliasesAndListsValidNamesOtherwise() {
        assertThat(NetworkParameters.forName("mainnet")).isSameAs(NetworkParameters.MAINNET);
        assertThat(NetworkParameters.forName("Main")).isSameAs(NetworkParameters.MAINNET);
        assertThat(NetworkParameters.forName("testnet4")).isSameAs(NetworkParameters.TESTNET4);
        assertThat(NetworkParameters.forName("testnet")).isSameAs(NetworkParameters.TESTNET4);
        assertThat(NetworkParameters.forName("regtest")).isSameAs(NetworkParameters.REGTEST);
        assertThatThrownBy(() -> NetworkParameters.forName("signet")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("signet").hasMessageContaining("mainnet").hasMessageContaining("testnet4")
                .hasMessageContaining("regtest");
    }

    @Test
    void checkpointsAreCoresHistoricalList() {
        assertThat(NetworkParameters.MAINNET.checkpoints()).hasSize(13).containsKeys(11111, 168000, 295000);
        assertThat(NetworkParameters.MAINNET.checkpoints().get(295000))
                .isEqualTo(Hash.fromDisplayHex("00000000000000004d9b4ef50f0f9d686fd69db2e03af35a100370c64632a983"));
        assertThat(NetworkParameters.TESTNET4.checkpoints()).isEmpty();
        assertThat(NetworkParameters.REGTEST.checkpoints()).isEmpty();
    }

    @Test
    void toBuilderMakesAVariantWithoutTouchingTheOriginal() {
        NetworkParameters variant = NetworkParameters.TESTNET4.toBuilder().name("bip94-test")
                .powLimit(NetworkParameters.REGTEST.powLimit()).build();
        assertThat(variant.powLimitBits()).isEqualTo(0x207fffffL);
        assertThat(variant.enforceBip94()).isTrue();
        assertThat(variant.genesisHash()).isEqualTo(NetworkParameters.TESTNET4.genesisHash());
        assertThat(NetworkParameters.TESTNET4.powLimitBits()).isEqualTo(0x1d00ffffL);
    }
}
