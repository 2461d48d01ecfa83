package dev.tributary.chain;

import dev.tributary.bytes.Hash;
import java.math.BigInteger;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The constants that make one Bitcoin network: wire magic and port, genesis block, proof-of-work limit and
 * difficulty rules, soft-fork heights, DNS seeds and checkpoints. Immutable; the values of
 * {@link #MAINNET}, {@link #TESTNET4} and {@link #REGTEST} are Bitcoin Core's {@code chainparams.cpp}.
 * Other networks (signet, a test network with custom rules) can be made with {@link #toBuilder()}.
 */
public final class NetworkParameters {
    /** Bitcoin's main network. */
    public static final NetworkParameters MAINNET = StandardNetworks.mainnet();
    /** The public test network of BIP 94 (testnet4). */
    public static final NetworkParameters TESTNET4 = StandardNetworks.testnet4();
    /** The local regression-test network: trivial proof of work, no retargeting. */
    public static final NetworkParameters REGTEST = StandardNetworks.regtest();

    private static final Map<String, NetworkParameters> BY_NAME = Map.of(
            "mainnet", MAINNET, "main", MAINNET,
            "testnet4", TESTNET4, "testnet", TESTNET4,
            "regtest", REGTEST);

    private final String name;
    private final int magic;
    private final int defaultPort;
    private final Block genesisBlock;
    private final BigInteger powLimit;
    private final long powLimitBits;
    private final long targetTimespanSeconds;
    private final long targetSpacingSeconds;
    private final boolean allowMinDifficultyBlocks;
    private final boolean noRetargeting;
    private final boolean enforceBip94;
    private final int bip34Height;
    private final int bip65Height;
    private final int bip66Height;
    private final int subsidyHalvingInterval;
    private final List<String> dnsSeeds;
    private final SortedMap<Integer, Hash> checkpoints;
    private final long maxFutureBlockTimeSeconds;
    private final BigInteger minimumChainWork;
    private final int headerCommitmentPeriod;
    private final int redownloadBufferSize;

    private NetworkParameters(Builder b) {
        this.name = Objects.requireNonNull(b.name, "name");
        this.magic = b.magic;
        this.defaultPort = b.defaultPort;
        this.genesisBlock = Objects.requireNonNull(b.genesisBlock, "genesisBlock");
        this.powLimit = Objects.requireNonNull(b.powLimit, "powLimit");
        this.powLimitBits = Difficulty.encodeCompact(b.powLimit);
        this.targetTimespanSeconds = b.targetTimespanSeconds;
        this.targetSpacingSeconds = b.targetSpacingSeconds;
        this.allowMinDifficultyBlocks = b.allowMinDifficultyBlocks;
        this.noRetargeting = b.noRetargeting;
        this.enforceBip94 = b.enforceBip94;
        this.bip34Height = b.bip34Height;
        this.bip65Height = b.bip65Height;
        this.bip66Height = b.bip66Height;
        this.subsidyHalvingInterval = b.subsidyHalvingInterval;
        this.dnsSeeds = List.copyOf(b.dnsSeeds);
        this.checkpoints = Collections.unmodifiableSortedMap(new TreeMap<>(b.checkpoints));
        this.maxFutureBlockTimeSeconds = b.maxFutureBlockTimeSeconds;
        this.minimumChainWork = Objects.requireNonNull(b.minimumChainWork, "minimumChainWork");
        this.headerCommitmentPeriod = b.headerCommitmentPeriod;
        this.redownloadBufferSize = b.redownloadBufferSize;
        if (minimumChainWork.signum() < 0 || minimumChainWork.bitLength() > 256) {
            throw new IllegalArgumentException("minimum chain work must be a 256-bit number, at least zero");
        }
        if (headerCommitmentPeriod < 1 || redownloadBufferSize < headerCommitmentPeriod) {
            throw new IllegalArgumentException("the header commitment period must be positive and at most the redownload buffer");
        }
        if (powLimit.signum() <= 0 || powLimit.bitLength() > 256) {
            throw new IllegalArgumentException("pow limit must be a positive 256-bit number");
        }
        if (targetSpacingSeconds <= 0 || targetTimespanSeconds % targetSpacingSeconds != 0) {
            throw new IllegalArgumentException("the target timespan must be a whole number of spacings");
        }
    }

    /**
     * The network named {@code name}, case-insensitively: "mainnet" or "main", "testnet4" or "testnet",
     * "regtest".
     *
     * @throws IllegalArgumentException for any other name, listing the valid ones
     */
    public static NetworkParameters forName(String name) {
        NetworkParameters p = name == null ? null : BY_NAME.get(name.trim().toLowerCase(Locale.ROOT));
        if (p == null) {
            throw new IllegalArgumentException("unknown network \"" + name
                    + "\"; valid names are mainnet (or main), testnet4 (or testnet), regtest");
        }
        return p;
    }

    /** A builder holding this network's values, to derive a variant. */
    public Builder toBuilder() {
        return new Builder().name(name).magic(magic).defaultPort(defaultPort).genesisBlock(genesisBlock)
                .powLimit(powLimit).targetTimespanSeconds(targetTimespanSeconds)
                .targetSpacingSeconds(targetSpacingSeconds).allowMinDifficultyBlocks(allowMinDifficultyBlocks)
                .noRetargeting(noRetargeting).enforceBip94(enforceBip94)
                .softForkHeights(bip34Height, bip65Height, bip66Height)
                .subsidyHalvingInterval(subsidyHalvingInterval).dnsSeeds(dnsSeeds).checkpoints(checkpoints)
                .maxFutureBlockTimeSeconds(maxFutureBlockTimeSeconds).minimumChainWork(minimumChainWork)
                .headersSyncParams(headerCommitmentPeriod, redownloadBufferSize);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The canonical name: "mainnet", "testnet4" or "regtest". */
    public String name() {
        return name;
    }

    /** The 4 message-start bytes read as a little-endian int32, as {@code ByteReader.readInt32LE} returns them. */
    public int magic() {
        return magic;
    }

    public int defaultPort() {
        return defaultPort;
    }

    public Block genesisBlock() {
        return genesisBlock;
    }

    public Hash genesisHash() {
        return genesisBlock.hash();
    }

    /** The easiest target a block may have (Core's {@code powLimit}). */
    public BigInteger powLimit() {
        return powLimit;
    }

    /** {@link #powLimit()} in compact form: the bits of a minimum-difficulty block. */
    public long powLimitBits() {
        return powLimitBits;
    }

    /** Core's {@code nPowTargetTimespan}: two weeks. */
    public long targetTimespanSeconds() {
        return targetTimespanSeconds;
    }

    /** Core's {@code nPowTargetSpacing}: ten minutes. */
    public long targetSpacingSeconds() {
        return targetSpacingSeconds;
    }

    /** Blocks between retargets (Core's {@code DifficultyAdjustmentInterval()}): timespan / spacing = 2016. */
    public int retargetInterval() {
        return (int) (targetTimespanSeconds / targetSpacingSeconds);
    }

    /** Core's {@code fPowAllowMinDifficultyBlocks}: the testnet 20-minute rule. */
    public boolean allowMinDifficultyBlocks() {
        return allowMinDifficultyBlocks;
    }

    /** Core's {@code fPowNoRetargeting}: difficulty never changes (regtest). */
    public boolean noRetargeting() {
        return noRetargeting;
    }

    /** Core's {@code enforce_BIP94}: retarget from the first block's bits, and the timewarp rule. */
    public boolean enforceBip94() {
        return enforceBip94;
    }

    /** From this height on, block version must be at least 2 (BIP 34). */
    public int bip34Height() {
        return bip34Height;
    }

    /** From this height on, block version must be at least 4 (BIP 65). */
    public int bip65Height() {
        return bip65Height;
    }

    /** From this height on, block version must be at least 3 (BIP 66). */
    public int bip66Height() {
        return bip66Height;
    }

    /** Blocks between halvings of the block subsidy (Core's {@code nSubsidyHalvingInterval}). */
    public int subsidyHalvingInterval() {
        return subsidyHalvingInterval;
    }

    public List<String> dnsSeeds() {
        return dnsSeeds;
    }

    /** Height to block hash of the headers every valid chain must contain. */
    public SortedMap<Integer, Hash> checkpoints() {
        return checkpoints;
    }

    /** How far ahead of the local clock a header's time may be (Core's {@code MAX_FUTURE_BLOCK_TIME}). */
    public long maxFutureBlockTimeSeconds() {
        return maxFutureBlockTimeSeconds;
    }

    /**
     * Core's {@code nMinimumChainWork}: the chain work below which a peer's headers are not stored (they are
     * presynced first, {@code HeadersPresync}); zero on regtest.
     */
    public BigInteger minimumChainWork() {
        return minimumChainWork;
    }

    /** Core's {@code HeadersSyncParams.commitment_period}: one commitment bit per this many presynced headers. */
    public int headerCommitmentPeriod() {
        return headerCommitmentPeriod;
    }

    /** Core's {@code HeadersSyncParams.redownload_buffer_size}: redownloaded headers held back before storing. */
    public int redownloadBufferSize() {
        return redownloadBufferSize;
    }

    @Override
    public String toString() {
        return name;
    }

    /** Collects a network's values; {@link #build()} checks them. */
    public static final class Builder {
        private String name;
        private int magic;
        private int defaultPort;
        private Block genesisBlock;
        private BigInteger powLimit;
        private long targetTimespanSeconds = 14 * 24 * 60 * 60;
        private long targetSpacingSeconds = 10 * 60;
        private boolean allowMinDifficultyBlocks;
        private boolean noRetargeting;
        private boolean enforceBip94;
        private int bip34Height;
        private int bip65Height;
        private int bip66Height;
        private int subsidyHalvingInterval = 210_000;
        private List<String> dnsSeeds = List.of();
        private SortedMap<Integer, Hash> checkpoints = new TreeMap<>();
        private long maxFutureBlockTimeSeconds = 2 * 60 * 60;
        private BigInteger minimumChainWork = BigInteger.ZERO;
        private int headerCommitmentPeriod = 275;
        private int redownloadBufferSize = 7017;

        private Builder() {
        }

        public Builder name(String v) {
            name = v;
            return this;
        }

        public Builder magic(int v) {
            magic = v;
            return this;
        }

        public Builder defaultPort(int v) {
            defaultPort = v;
            return this;
        }

        public Builder genesisBlock(Block v) {
            genesisBlock = v;
            return this;
        }

        public Builder powLimit(BigInteger v) {
            powLimit = v;
            return this;
        }

        public Builder targetTimespanSeconds(long v) {
            targetTimespanSeconds = v;
            return this;
        }

        public Builder targetSpacingSeconds(long v) {
            targetSpacingSeconds = v;
            return this;
        }

        public Builder allowMinDifficultyBlocks(boolean v) {
            allowMinDifficultyBlocks = v;
            return this;
        }

        public Builder noRetargeting(boolean v) {
            noRetargeting = v;
            return this;
        }

        public Builder enforceBip94(boolean v) {
            enforceBip94 = v;
            return this;
        }

        /** BIP 34, BIP 65 and BIP 66 activation heights. */
        public Builder softForkHeights(int bip34, int bip65, int bip66) {
            bip34Height = bip34;
            bip65Height = bip65;
            bip66Height = bip66;
            return this;
        }

        public Builder subsidyHalvingInterval(int v) {
            subsidyHalvingInterval = v;
            return this;
        }

        public Builder dnsSeeds(List<String> v) {
            dnsSeeds = List.copyOf(v);
            return this;
        }

        public Builder checkpoints(Map<Integer, Hash> v) {
            checkpoints = new TreeMap<>(v);
            return this;
        }

        public Builder maxFutureBlockTimeSeconds(long v) {
            maxFutureBlockTimeSeconds = v;
            return this;
        }

        public Builder minimumChainWork(BigInteger v) {
            minimumChainWork = v;
            return this;
        }

        /** Core's {@code HeadersSyncParams}: the commitment period and the redownload buffer size. */
        public Builder headersSyncParams(int commitmentPeriod, int bufferSize) {
            headerCommitmentPeriod = commitmentPeriod;
            redownloadBufferSize = bufferSize;
            return this;
        }

        public NetworkParameters build() {
            return new NetworkParameters(this);
        }
    }
}
