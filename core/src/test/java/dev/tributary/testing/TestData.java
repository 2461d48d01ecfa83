package dev.tributary.testing;

import dev.tributary.bytes.ByteReader;
import dev.tributary.chain.Block;
import dev.tributary.chain.BlockHeader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Loaders for the real mainnet data under {@code src/test/resources/mainnet/} (see PROVENANCE.md there),
 * and for the large files that live only in the shared data directory. Parsed lists are cached and
 * immutable, so tests may share them.
 */
public final class TestData {
    /** Magic that frames each block in {@code blocks-0-438.dat}. */
    private static final int MAINNET_MAGIC = 0xd9b4bef9;
    /** System property naming the shared data directory, when it is not at one of the default places. */
    public static final String SHARED_DATA_PROPERTY = "tributary.mainnetData";

    private static final Map<String, List<BlockHeader>> HEADERS = new ConcurrentHashMap<>();
    private static final Map<String, List<Block>> BLOCKS = new ConcurrentHashMap<>();

    private TestData() {
    }

    /** The headers of a resource file such as {@code headers-0-10236.bin}: concatenated 80-byte headers. */
    public static List<BlockHeader> headers(String resourceName) {
        return HEADERS.computeIfAbsent(resourceName, n -> parseHeaders(resource(n)));
    }

    /** The headers of a file on disk, such as one returned by {@link #sharedMainnetFile(String)}. */
    public static List<BlockHeader> headers(Path file) {
        return HEADERS.computeIfAbsent(file.toAbsolutePath().toString(), n -> {
            try {
                return parseHeaders(Files.readAllBytes(file));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** Parses concatenated 80-byte headers. */
    public static List<BlockHeader> parseHeaders(byte[] data) {
        if (data.length % BlockHeader.SIZE != 0) {
            throw new IllegalArgumentException(data.length + " bytes is not a whole number of headers");
        }
        ByteReader in = new ByteReader(data);
        List<BlockHeader> out = new ArrayList<>(data.length / BlockHeader.SIZE);
        while (in.remaining() > 0) {
            out.add(BlockHeader.read(in));
        }
        return List.copyOf(out);
    }

    /** The 439 mainnet blocks of heights 0..438 from {@code blocks-0-438.dat}. */
    public static List<Block> mainnetBlocks() {
        return BLOCKS.computeIfAbsent("blocks-0-438.dat", n -> parseFramedBlocks(resource(n)));
    }

    /** Parses blocks framed as [magic f9beb4d9][uint32 LE length][block]. */
    public static List<Block> parseFramedBlocks(byte[] data) {
        ByteReader in = new ByteReader(data);
        List<Block> out = new ArrayList<>();
        while (in.remaining() > 0) {
            int magic = in.readInt32LE();
            if (magic != MAINNET_MAGIC) {
                throw new IllegalArgumentException("bad frame magic " + Integer.toHexString(magic));
            }
            out.add(Block.parse(in.readBytes((int) in.readUInt32LE())));
        }
        return List.copyOf(out);
    }

    /** The bytes of {@code /mainnet/<name>} on the test class path. */
    public static byte[] resource(String name) {
        try (InputStream in = TestData.class.getResourceAsStream("/mainnet/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource /mainnet/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A file of the shared mainnet data directory ({@code shared/data/mainnet/} beside the project, or the
     * directory named by the {@value #SHARED_DATA_PROPERTY} system property), when it is there. Tests of
     * files too large for the repository skip themselves when this is empty.
     */
    public static Optional<Path> sharedMainnetFile(String name) {
        List<Path> dirs = new ArrayList<>();
        String configured = System.getProperty(SHARED_DATA_PROPERTY);
        if (configured != null) {
            dirs.add(Path.of(configured));
        }
        dirs.add(Path.of("..", "shared", "data", "mainnet"));
        dirs.add(Path.of("..", "..", "shared", "data", "mainnet"));
        return dirs.stream().map(d -> d.resolve(name)).filter(Files::isRegularFile).findFirst();
    }
}
