package dev.tributary.chain;

import dev.tributary.bytes.Hash;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The values of Bitcoin Core's {@code chainparams.cpp} for the networks Tributary knows by name. */
final class StandardNetworks {
    private static final long COIN = 100_000_000L;
    private static final BigInteger POW_LIMIT_MAIN = BigInteger.ONE.shiftLeft(224).subtract(BigInteger.ONE);
    private static final BigInteger POW_LIMIT_REGTEST = BigInteger.ONE.shiftLeft(255).subtract(BigInteger.ONE);
    private static final String SATOSHI_MESSAGE = "The Times 03/Jan/2009 Chancellor on brink of second bailout for banks";
    private static final String SATOSHI_PUBKEY = "04678afdb0fe5548271967f1a67130b7105cd6a828e03909a67962e0ea1f61de"
            + "b649f6bc3f4cef38c4f35504e51ec112de5c384df7ba0b8d578a4c702b6bf11d5f";
    private static final String TESTNET4_MESSAGE =
            "03/May/2024 000000000000000000001ebd58c244970b3aa9d783bb001011fbe8ea8e98e00e";

    private StandardNetworks() {
    }

    static NetworkParameters mainnet() {
        return NetworkParameters.builder().name("mainnet").magic(0xd9b4bef9).defaultPort(8333)
                .genesisBlock(genesis(SATOSHI_MESSAGE, satoshiScript(), 1231006505L, 2083236893L, 0x1d00ffffL))
                .powLimit(POW_LIMIT_MAIN)
                .softForkHeights(227931, 388381, 363725)
                .dnsSeeds(List.of("seed.bitcoin.sipa.be", "dnsseed.bluematt.me", "seed.bitcoin.jonasschnelli.ch",
                        "seed.btc.petertodd.net", "seed.bitcoin.sprovoost.nl", "dnsseed.emzy.de",
                        "seed.bitcoin.wiz.biz", "seed.mainnet.achownodes.xyz"))
                .checkpoints(mainnetCheckpoints())
                // Core 30's values (chainparams.cpp): the work of block 912683, and headerssync-params.py's output.
                .minimumChainWork(new BigInteger("dee8e2a309ad8a9820433c68", 16))
                .headersSyncParams(632, 15009)
                .build();
    }

    static NetworkParameters testnet4() {
        byte[] nullKeyScript = new ScriptWriter().push(new byte[33]).op(ScriptWriter.OP_CHECKSIG).toByteArray();
        return NetworkParameters.builder().name("testnet4").magic(0x283f161c).defaultPort(48333)
                .genesisBlock(genesis(TESTNET4_MESSAGE, nullKeyScript, 1714777860L, 393743547L, 0x1d00ffffL))
                .powLimit(POW_LIMIT_MAIN)
                .allowMinDifficultyBlocks(true).enforceBip94(true)
                .softForkHeights(1, 1, 1)
                .dnsSeeds(List.of("seed.testnet4.bitcoin.sprovoost.nl", "seed.testnet4.wiz.biz"))
                .minimumChainWork(new BigInteger("34a4690fe592dc49c7c", 16))
                .headersSyncParams(275, 7017)
                .build();
    }

    static NetworkParameters regtest() {
        return NetworkParameters.builder().name("regtest").magic(0xdab5bffa).defaultPort(18444)
                .genesisBlock(genesis(SATOSHI_MESSAGE, satoshiScript(), 1296688602L, 2L, 0x207fffffL))
                .powLimit(POW_LIMIT_REGTEST)
                .allowMinDifficultyBlocks(true).noRetargeting(true)
                .softForkHeights(1, 1, 1)
                .subsidyHalvingInterval(150)
                .minimumChainWork(BigInteger.ZERO) // Core's regtest: no minimum; its headers sync values are testnet4's
                .headersSyncParams(275, 7017)
                .build();
    }

    /**
     * Bitcoin Core's historical mainnet checkpoints ({@code checkpointData} in {@code src/chainparams.cpp}),
     * facts of the chain. Heights 168000 to 295000 are also checked against the header data in the tests
     * (when the large header file is present); all were confirmed against Core's source.
     */
    private static Map<Integer, Hash> mainnetCheckpoints() {
        Map<Integer, Hash> m = new LinkedHashMap<>();
        m.put(11111, hash("0000000069e244f73d78e8fd29ba2fd2ed618bd6fa2ee92559f542fdb26e7c1d"));
        m.put(33333, hash("000000002dd5588a74784eaa7ab0507a18ad16a236e7b1ce69f00d7ddfb5d0a6"));
        m.put(74000, hash("0000000000573993a3c9e41ce34471c079dcf5f52a0e824a81e7f953b8661a20"));
        m.put(105000, hash("00000000000291ce28027faea320c8d2b054b2e0fe44a773f3eefb151d6bdc97"));
        m.put(134444, hash("00000000000005b12ffd4cd315cd34ffd4a594f430ac814c91184a0d42d2b0fe"));
        m.put(168000, hash("000000000000099e61ea72015e79632f216fe6cb33d7899acb35b75c8303b763"));
        m.put(193000, hash("000000000000059f452a5f7340de6682a977387c17010ff6e6c3bd83ca8b1317"));
        m.put(210000, hash("000000000000048b95347e83192f69cf0366076336c639f9b7228e9ba171342e"));
        m.put(216116, hash("00000000000001b4f4b433e81ee46494af945cf96014816a4e2370f11b23df4e"));
        m.put(225430, hash("00000000000001c108384350f74090433e7fcf79a606b8e797f065b130575932"));
        m.put(250000, hash("000000000000003887df1f29024b06fc2200b55f8af8f35453d7be294df2d214"));
        m.put(279000, hash("0000000000000001ae8c72a0b0c301f67e3afca10e819efa9041e458e9bd7e40"));
        m.put(295000, hash("00000000000000004d9b4ef50f0f9d686fd69db2e03af35a100370c64632a983"));
        return m;
    }

    private static Hash hash(String display) {
        return Hash.fromDisplayHex(display);
    }

    private static byte[] satoshiScript() {
        return new ScriptWriter().push(HexFormat.of().parseHex(SATOSHI_PUBKEY)).op(ScriptWriter.OP_CHECKSIG)
                .toByteArray();
    }

    /**
     * Core's {@code CreateGenesisBlock}: one coinbase whose scriptSig is
     * {@code CScript() << 486604799 << CScriptNum(4) << message}, paying 50 BTC to {@code outputScript};
     * version 1, no parent.
     */
    private static Block genesis(String message, byte[] outputScript, long time, long nonce, long bits) {
        byte[] scriptSig = new ScriptWriter().pushNumber(486604799L).push(ScriptWriter.scriptNum(4))
                .push(message.getBytes(StandardCharsets.US_ASCII)).toByteArray();
        Transaction coinbase = new Transaction(1,
                List.of(new TxInput(OutPoint.NULL, scriptSig, 0xffffffffL, List.of())),
                List.of(new TxOutput(50 * COIN, outputScript)), 0);
        BlockHeader header = new BlockHeader(1, Hash.ZERO, coinbase.txid(), time, bits, nonce);
        return new Block(header, List.of(coinbase));
    }
}
