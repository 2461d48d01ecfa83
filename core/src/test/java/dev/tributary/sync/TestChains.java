package dev.tributary.sync;

import dev.tributary.chain.store.ChainState;
import dev.tributary.chain.store.InMemorySyncPersist;
import dev.tributary.bytes.Hash;
import dev.tributary.chain.AttachResult;
import dev.tributary.chain.HeaderChainAttacher;
import dev.tributary.chain.HeaderSyncData;
import dev.tributary.chain.NetworkParameters;
import dev.tributary.testing.ChainBuilder;
import dev.tributary.chain.Block;
import dev.tributary.chain.BlockHeader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Small helpers for the sync tests: regtest chains from a {@link ChainBuilder}, recorded into a {@link ChainState}. */
public final class TestChains {
    /** Time of block 1 of every test chain: well before the {@code ManualScheduler}'s default clock. */
    public static final long START = 1_600_000_000L;
    /** A clock for attaching headers outside a node: after every test block. */
    public static final long LATE = 2_000_000_000L;

    private TestChains() {
    }

    public static ChainState emptyRegtest() {
        return ChainState.open(NetworkParameters.REGTEST, InMemorySyncPersist.create("regtest"), Optional.empty());
    }

    /** Validates and records {@code headers} as a pass would; returns what the attacher did. */
    public static AttachResult recordHeaders(ChainState chain, List<BlockHeader> headers) {
        AttachResult r = new HeaderChainAttacher(chain.index()).attach(headers, LATE);
        chain.recordHeaders(r.accepted(), r.tipChange());
        return r;
    }

    /** Records the headers of the builder's best chain from height 1 to {@code upTo}. */
    public static void recordMainChain(ChainState chain, ChainBuilder b, int upTo) {
        List<BlockHeader> headers = new ArrayList<>();
        for (int h = 1; h <= upTo; h++) {
            headers.add(at(b, h).header());
        }
        AttachResult r = recordHeaders(chain, headers);
        if (!r.isComplete()) {
            throw new IllegalStateException("test chain did not attach: " + r);
        }
    }

    /** Stores the bodies of the builder's best chain from {@code from} to {@code to}, in that order. */
    public static void storeBodies(ChainState chain, ChainBuilder b, int from, int to) {
        for (int h = from; h <= to; h++) {
            chain.storeBody(at(b, h), blockAt(b, h).serialize());
        }
    }

    public static HeaderSyncData at(ChainBuilder b, int height) {
        return b.index().mainChainAt(height).orElseThrow();
    }

    public static Block blockAt(ChainBuilder b, int height) {
        return b.block(at(b, height).hash()).orElseThrow();
    }

    /** Hashes of the builder's best chain at heights {@code from..to}, inclusive. */
    public static List<Hash> hashes(ChainBuilder b, int from, int to) {
        List<Hash> out = new ArrayList<>();
        for (int h = from; h <= to; h++) {
            out.add(at(b, h).hash());
        }
        return out;
    }

    /** The headers of the branch ending at {@code tip}, from just above {@code fromHeight} to the tip. */
    public static List<BlockHeader> branchHeaders(ChainBuilder b, Hash tip, int fromHeight) {
        List<BlockHeader> out = new ArrayList<>();
        for (HeaderSyncData e = b.entry(tip); e.height() > fromHeight; e = b.entry(e.prevHash())) {
            out.add(0, e.header());
        }
        return out;
    }
}
