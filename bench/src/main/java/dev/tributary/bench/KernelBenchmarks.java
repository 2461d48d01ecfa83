package dev.tributary.bench;

import dev.tributary.net.bitcoin.BitcoinMessages;
import dev.tributary.bytes.ByteReader;
import dev.tributary.bytes.Sha256;
import dev.tributary.chain.BlockIndex;
import dev.tributary.chain.HeaderChainAttacher;
import dev.tributary.chain.NetworkParameters;
import dev.tributary.node.demo.ChainGenerator;
import dev.tributary.node.StoreKind;
import dev.tributary.node.chain.ChainStores;
import dev.tributary.chain.store.ChainState;
import dev.tributary.chain.Block;
import dev.tributary.chain.BlockHeader;
import dev.tributary.wire.FrameCodec;
import dev.tributary.wire.FrameDecoder;
import dev.tributary.chain.message.HeadersMessage;
import dev.tributary.wire.MessageCodec;
import dev.tributary.wire.WireError;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * JMH kernels of header sync and block download, per operation. {@link #sha256dHeader} is the baseline
 * the others are compared with in the same run ({@code tributary bench kernels}): one SHA-256d of an
 * 80-byte header, the least any header-processing step can cost.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class KernelBenchmarks {
    private static final int HEADERS = 2000;

    private byte[] header;
    private byte[] headersPayload;
    private List<BlockHeader> headers;
    private NetworkParameters regtest;
    private byte[] blockFrame;
    private Block block;
    private int magic;

    @Setup
    public void setUp() {
        regtest = NetworkParameters.forName("regtest");
        magic = regtest.magic();
        ChainState chain = ChainStores.openChain(StoreKind.MEMORY, Path.of("unused"), regtest, Optional.empty());
        ChainGenerator generator = new ChainGenerator(chain, 1);
        generator.mineHeaders(HEADERS, n -> { });
        headers = new java.util.ArrayList<>();
        for (int h = 1; h <= HEADERS; h++) {
            headers.add(chain.index().mainChainAt(h).orElseThrow().header());
        }
        header = headers.get(0).serialize();
        headersPayload = new HeadersMessage(headers).payload();
        ChainState blocks = ChainStores.openChain(StoreKind.MEMORY, Path.of("unused"), regtest, Optional.empty());
        block = new ChainGenerator(blocks, 2).mineBlocks(1, 1_000_000, n -> { }).get(0);
        blockFrame = FrameCodec.encode(magic, "block", block.serialize());
    }

    /** Baseline: SHA-256d of one 80-byte header. */
    @Benchmark
    public byte[] sha256dHeader() {
        return Sha256.sha256dBytes(header, 0, 80);
    }

    /** Parse one header (which hashes it). */
    @Benchmark
    public BlockHeader parseHeader() {
        return BlockHeader.parse(header);
    }

    /** Decode a 2,000-header {@code headers} payload. */
    @Benchmark
    public Object decodeHeadersMessage() {
        return BitcoinMessages.codec().decode("headers", headersPayload);
    }

    /** Attach and fully validate 2,000 headers to a fresh index (link, bits, PoW, times, version). */
    @Benchmark
    public Object validate2000Headers() {
        BlockIndex index = BlockIndex.fromGenesis(regtest);
        return new HeaderChainAttacher(index).attach(headers, 2_000_000_000L);
    }

    /** Split and checksum a 1 MB block frame, then decode the block (parsing, txids). */
    @Benchmark
    public void decodeBlockFrame(Blackhole bh) {
        FrameDecoder decoder = new FrameDecoder(magic);
        decoder.feed(blockFrame, 0, blockFrame.length, new FrameDecoder.Sink() {
            @Override
            public void onFrame(String command, byte[] payload) {
                bh.consume(BitcoinMessages.codec().decode(command, payload));
            }

            @Override
            public void onError(WireError error) {
                throw new IllegalStateException(error.toString());
            }
        });
    }

    /** Merkle root of a 1 MB block's transactions (txids already computed). */
    @Benchmark
    public Object merkleRoot1MB() {
        return block.computeMerkleRoot();
    }

    /** Reads the 80-byte header fields without hashing (the floor of parsing). */
    @Benchmark
    public int readHeaderFields() {
        ByteReader r = new ByteReader(header);
        return r.readInt32LE() + r.readHash().hashCode() + r.readHash().hashCode() + r.readInt32LE() + r.readInt32LE()
                + r.readInt32LE();
    }
}
