package dev.tributary.node.chain;

import dev.tributary.chain.BlockRejectReason;
import dev.tributary.validation.Verdict;
import dev.tributary.bytes.ByteReader;
import dev.tributary.bytes.MalformedDataException;
import dev.tributary.chain.AttachResult;
import dev.tributary.chain.BlockValidator;
import dev.tributary.chain.HeaderChainAttacher;
import dev.tributary.chain.HeaderSyncData;
import dev.tributary.chain.store.ChainState;
import dev.tributary.chain.Block;
import dev.tributary.chain.BlockHeader;
import dev.tributary.chain.NetworkParameters;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Imports a chain from files into a {@link ChainState}, validating as sync does:
 *
 * <ul>
 *   <li>headers: raw 80-byte headers, concatenated, in chain order;</li>
 *   <li>blocks: records of [4-byte network magic][uint32 LE length][block], as Bitcoin Core's
 *       {@code blk*.dat} files and the project's {@code blocks-0-438.dat} hold them.</li>
 * </ul>
 *
 * Headers are attached in batches of 2,000 (the valid prefix is kept when one fails); each block is
 * checked (Merkle root, proof of work, size, coinbase) before its header is attached and its body
 * stored. A failure stops the import with an {@link ImportException} naming the record; what came
 * before it stays stored.
 */
public final class ChainImport {
    private static final int BATCH = 2000;
    /** Largest block record accepted from a file; Bitcoin's serialized-size limit. */
    private static final int MAX_BLOCK_BYTES = 4_000_000;

    private final ChainState chain;
    private final HeaderChainAttacher attacher;
    private final long nowSeconds;

    public ChainImport(ChainState chain, long nowSeconds) {
        this.chain = chain;
        this.attacher = new HeaderChainAttacher(chain.index());
        this.nowSeconds = nowSeconds;
    }

    /** Bad input in an import file, with a message naming where. */
    public static final class ImportException extends Exception {
        private static final long serialVersionUID = 1L;

        public ImportException(String message) {
            super(message, null, false, false);
        }
    }

    /** How many records a file holds, for a progress bar: the size of a headers file over 80. */
    public static long headerCount(Path file) throws IOException {
        return Files.size(file) / BlockHeader.SIZE;
    }

    /** Fails unless {@code file} holds a whole number of 80-byte headers: checked before anything is stored. */
    public static void checkHeadersFile(Path file) throws IOException, ImportException {
        long size = Files.size(file);
        if (size % BlockHeader.SIZE != 0) {
            throw new ImportException(file + " is " + size + " bytes, not a whole number of 80-byte headers");
        }
    }

    /** Reads the first header of a headers file. */
    public static BlockHeader firstHeader(Path file) throws IOException, ImportException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] b = in.readNBytes(BlockHeader.SIZE);
            if (b.length < BlockHeader.SIZE) {
                throw new ImportException(file + " holds no complete header");
            }
            return BlockHeader.parse(b);
        }
    }

    /** Reads the header of the first block of a blocks file. */
    public static BlockHeader firstBlockHeader(Path file, int magic) throws IOException, ImportException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            byte[] raw = readBlockRecord(in, magic, 0, file);
            if (raw == null) {
                throw new ImportException(file + " holds no block");
            }
            return BlockHeader.parse(java.util.Arrays.copyOf(raw, BlockHeader.SIZE));
        }
    }

    /**
     * Imports a headers file.
     *
     * @param progress called with the number of headers read so far
     * @return the number of new headers stored
     */
    public long importHeaders(Path file, LongConsumer progress) throws IOException, ImportException {
        checkHeadersFile(file);
        long stored = 0;
        long read = 0;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 20)) {
            List<BlockHeader> batch = new ArrayList<>(BATCH);
            byte[] buf = new byte[BlockHeader.SIZE];
            while (in.readNBytes(buf, 0, buf.length) == buf.length) {
                batch.add(BlockHeader.parse(buf));
                read++;
                if (batch.size() == BATCH) {
                    stored += attach(batch, read - batch.size());
                    batch.clear();
                    progress.accept(read);
                }
            }
            if (!batch.isEmpty()) {
                stored += attach(batch, read - batch.size());
            }
            progress.accept(read);
        }
        return stored;
    }

    /**
     * Why a header's parent is unknown, in words: a genesis header of another network (its parent all zeros) is
     * named as such, with the network when it is a known one.
     */
    private String unknownParent(BlockHeader h) {
        if (!h.prevHash().isZero()) {
            return "its parent " + h.prevHash() + " is unknown";
        }
        String whose = "";
        for (String name : List.of("mainnet", "testnet4", "regtest")) {
            if (NetworkParameters.forName(name).genesisHash().equals(h.hash())) {
                whose = name + "'s ";
            }
        }
        return "it is " + (whose.isEmpty() ? "another network's " : whose) + "genesis block, not "
                + chain.params().name() + "'s (give --network " + (whose.isEmpty() ? "NET"
                : whose.substring(0, whose.length() - 3)) + ")";
    }

    private int attach(List<BlockHeader> headers, long firstIndex) throws ImportException {
        AttachResult r = attacher.attach(headers, nowSeconds);
        if (r.parentUnknown()) {
            throw new ImportException("header " + firstIndex + " of the file (" + headers.get(0).hash()
                    + ") does not connect: " + unknownParent(headers.get(0)));
        }
        chain.recordHeaders(r.accepted(), r.tipChange());
        if (r.rejection().isPresent()) {
            AttachResult.Rejection bad = r.rejection().get();
            throw new ImportException("header " + (firstIndex + bad.index()) + " of the file rejected: "
                    + bad.verdict().message());
        }
        return r.accepted().size();
    }

    /**
     * Imports a blocks file.
     *
     * @param progress called with the number of bytes read so far
     * @return the number of blocks stored
     */
    public long importBlocks(Path file, LongConsumer progress) throws IOException, ImportException {
        int magic = chain.params().magic();
        long count = 0;
        long offset = 0;
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 20))) {
            byte[] raw;
            while ((raw = readBlockRecord(in, magic, offset, file)) != null) {
                offset += 8 + raw.length;
                importBlock(raw, count, offset);
                count++;
                progress.accept(offset);
            }
        }
        return count;
    }

    private void importBlock(byte[] raw, long index, long offset) throws ImportException {
        Block block;
        try {
            block = Block.parse(raw);
        } catch (MalformedDataException e) {
            throw new ImportException("block " + index + " (ending at byte " + offset + ") does not parse: " + e.getMessage());
        }
        store(block, raw, index);
    }

    /**
     * Validates one block, attaches its header and stores its body.
     *
     * @throws IllegalArgumentException when the block is invalid or does not connect
     */
    public void importBlock(Block block) {
        try {
            store(block, block.serialize(), 0);
        } catch (ImportException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    private void store(Block block, byte[] raw, long index) throws ImportException {
        Verdict<BlockRejectReason> verdict = BlockValidator.validate(block, chain.params());
        if (verdict.isRejected()) {
            throw new ImportException("block " + index + " (" + block.hash() + ") is invalid: " + verdict.message());
        }
        if (!chain.index().contains(block.hash())) {
            attach(List.of(block.header()), index);
        }
        HeaderSyncData entry = chain.index().get(block.hash()).orElseThrow();
        if (!chain.hasBody(entry.hash())) {
            chain.storeBody(entry, raw);
        }
    }

    /** Reads one [magic][length][block] record; null at a clean end of file. */
    private static byte[] readBlockRecord(DataInputStream in, int magic, long offset, Path file)
            throws IOException, ImportException {
        byte[] head = new byte[8];
        int n = in.readNBytes(head, 0, 8);
        if (n == 0) {
            return null;
        }
        if (n < 8) {
            throw new ImportException(file + ": truncated record header at byte " + offset);
        }
        ByteReader r = new ByteReader(head);
        int m = r.readInt32LE();
        long len = r.readUInt32LE();
        if (m != magic) {
            byte[] expected = {(byte) magic, (byte) (magic >>> 8), (byte) (magic >>> 16), (byte) (magic >>> 24)};
            throw new ImportException(file + ": record at byte " + offset + " starts with the bytes 0x"
                    + HexFormat.of().formatHex(head, 0, 4) + ", not this network's magic 0x"
                    + HexFormat.of().formatHex(expected) + " (a blocks file holds [magic][length][block] records)");
        }
        if (len < BlockHeader.SIZE + 1 || len > MAX_BLOCK_BYTES) {
            throw new ImportException(file + ": record at byte " + offset + " declares " + len + " bytes");
        }
        byte[] raw = new byte[(int) len];
        try {
            in.readFully(raw);
        } catch (EOFException e) {
            throw new ImportException(file + ": record at byte " + offset + " is truncated");
        }
        return raw;
    }
}
