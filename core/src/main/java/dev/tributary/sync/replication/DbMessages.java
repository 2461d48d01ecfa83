package dev.tributary.sync.replication;

import dev.tributary.bytes.ByteReader;
import dev.tributary.bytes.ByteWriter;
import dev.tributary.bytes.MalformedDataException;
import dev.tributary.oplog.cid.Cid;
import dev.tributary.oplog.log.OpLog;
import dev.tributary.oplog.recon.Reconciler;
import dev.tributary.wire.Message;
import dev.tributary.wire.MessageCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The messages of database replication. Every block replicated (entry, identity, manifest, access controller) is a
 * CIDv1 dag-cbor block hashed with SHA-256, so a CID travels as its 32-byte digest ({@link #cidOf}). An address is
 * a varint length and at most {@value #MAX_ADDRESS} bytes of UTF-8 ({@code /orbitdb/zdpu...}). Varints are Bitcoin's
 * compact-size integers. A payload over its command's limit, or breaking a rule below, does not decode: the sender
 * gets the peer layer's penalty for a malformed (20 points) or oversized (100) message.
 *
 * <pre>
 * dbopen    varint n (0..1000), n addresses: the databases the sender replicates (all of them, each time)
 * dbheads   address, varint total heads, varint n (0..64, n &lt;= total), n digests: the sender's heads (the first 64)
 * dbrecon   address, uint32 session, varbytes (at most 1,000,000): a reconciliation message, initiator to peer
 * dbreconr  address, uint32 session, varbytes (at most 1,000,000): the peer's answer
 * dbwant    address, varint n (1..512), n digests: blocks asked for
 * dbblocks  address, varint n (0..512), n times (digest, varbytes block of at most 1 MiB), varint m (0..512), m digests
 *           the sender lacks; at most 8 MiB in all
 * dbentry   address, varbytes entry block (at most 1 MiB): a new entry, pushed at once to peers replicating it
 * </pre>
 */
public final class DbMessages {
    public static final String OWNER = "db replication";
    public static final int MAX_ADDRESS = 128;
    public static final int MAX_OPEN = 1000;
    public static final int MAX_HEADS = 64;
    public static final int MAX_WANT = 512;
    public static final int MAX_BLOCKS_PAYLOAD = 8 << 20;
    private static final int DIGEST = 32;
    private static final byte[] CID_PREFIX = {0x01, 0x71, 0x12, 0x20};

    private DbMessages() {
    }

    /** Registers the seven commands with their payload limits. */
    public static MessageCodec.Builder register(MessageCodec.Builder codec) {
        int addr = MAX_ADDRESS + 3;
        return codec.register(OWNER, Open.COMMAND, Open::read, 3 + MAX_OPEN * addr)
                .register(OWNER, Heads.COMMAND, Heads::read, addr + 10 + MAX_HEADS * DIGEST)
                .register(OWNER, Recon.COMMAND, in -> Recon.read(in, false), addr + 4 + 5 + Reconciler.MAX_MESSAGE)
                .register(OWNER, ReconReply.COMMAND, in -> ReconReply.from(Recon.read(in, true)),
                        addr + 4 + 5 + Reconciler.MAX_MESSAGE)
                .register(OWNER, Want.COMMAND, Want::read, addr + 3 + MAX_WANT * DIGEST)
                .register(OWNER, Blocks.COMMAND, Blocks::read, MAX_BLOCKS_PAYLOAD)
                .register(OWNER, Push.COMMAND, Push::read, addr + 5 + OpLog.MAX_ENTRY_BYTES);
    }

    /** The CID of a digest: CIDv1, dag-cbor, SHA-256. */
    public static Cid cidOf(byte[] digest) {
        byte[] b = new byte[CID_PREFIX.length + DIGEST];
        System.arraycopy(CID_PREFIX, 0, b, 0, CID_PREFIX.length);
        System.arraycopy(digest, 0, b, CID_PREFIX.length, DIGEST);
        return Cid.fromBytes(b);
    }

    /** The digest of a CID, or null when it is not a CIDv1 dag-cbor SHA-256 CID (it cannot be replicated). */
    public static byte[] digestOf(Cid cid) {
        return cid.isDagCborSha256() && cid.version() == 1 ? cid.digest() : null;
    }

    /** The bytes {@link #writeAddress} writes. */
    static long addressSize(String address) {
        int n = address.getBytes(StandardCharsets.UTF_8).length;
        return ByteWriter.varIntSize(n) + n;
    }

    static void writeAddress(ByteWriter w, String address) {
        w.writeVarBytes(address.getBytes(StandardCharsets.UTF_8));
    }

    static String readAddress(ByteReader in) {
        String a = in.readVarString(MAX_ADDRESS);
        if (!a.startsWith("/orbitdb/")) {
            throw new MalformedDataException("a database address starts with /orbitdb/");
        }
        return a;
    }

    static List<byte[]> readDigests(ByteReader in, int min, int max, String what) {
        int n = in.readCount(max, DIGEST, what);
        if (n < min) {
            throw new MalformedDataException(what + ": at least " + min);
        }
        List<byte[]> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(in.readBytes(DIGEST));
        }
        return out;
    }

    static void writeDigests(ByteWriter w, List<byte[]> digests) {
        w.writeVarInt(digests.size());
        digests.forEach(w::writeBytes);
    }

    /** {@code dbopen}: the databases the sender replicates. */
    public record Open(List<String> addresses) implements Message {
        public static final String COMMAND = "dbopen";

        public Open {
            addresses = List.copyOf(addresses);
        }

        @Override
        public String command() {
            return COMMAND;
        }

        @Override
        public void write(ByteWriter out) {
            out.writeVarInt(addresses.size());
            addresses.forEach(a -> writeAddress(out, a));
        }

        static Open read(ByteReader in) {
            int n = in.readCount(MAX_OPEN, 10, "databases");
            List<String> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                out.add(readAddress(in));
            }
            return new Open(out);
        }
    }

    /** {@code dbheads}: the sender's heads of a database (at most 64 listed, and how many it has). */
    public record Heads(String address, long total, List<byte[]> heads) implements Message {
        public static final String COMMAND = "dbheads";

        @Override
        public String command() {
            return COMMAND;
        }

        @Override
        public void write(ByteWriter out) {
            writeAddress(out, address);
            out.writeVarInt(total);
            writeDigests(out, heads);
        }

        static Heads read(ByteReader in) {
            String a = readAddress(in);
            long total = in.readVarInt();
            List<byte[]> heads = readDigests(in, 0, MAX_HEADS, "heads");
            if (total < heads.size()) {
                throw new MalformedDataException("dbheads lists more heads than its total");
            }
            return new Heads(a, total, heads);
        }
    }

    /** {@code dbrecon}: a reconciliation message from the initiator of session {@code session}. */
    public record Recon(String address, long session, byte[] data) implements Message {
        public static final String COMMAND = "dbrecon";

        @Override
        public String command() {
            return COMMAND;
        }

        @Override
        public void write(ByteWriter out) {
            writeAddress(out, address);
            out.writeUInt32LE(session);
            out.writeVarBytes(data);
        }

        static Recon read(ByteReader in, boolean reply) {
            return new Recon(readAddress(in), in.readUInt32LE(), in.readVarBytes(Reconciler.MAX_MESSAGE));
        }
    }

    /** {@code dbreconr}: the answer to a {@code dbrecon}. */
    public record ReconReply(String address, long session, byte[] data) implements Message {
        public static final String COMMAND = "dbreconr";

        static ReconReply from(Recon r) {
            return new ReconReply(r.address(), r.session(), r.data());
        }

        @Override
        public String command() {
            return COMMAND;
        }

        @Override
        public void write(ByteWriter out) {
            writeAddress(out, address);
            out.writeUInt32LE(session);
            out.writeVarBytes(data);
        }
    }

    /** {@code dbwant}: blocks asked for. */
    public record Want(String address, List<byte[]> digests) implements Message {
        public static final String COMMAND = "dbwant";

        @Override
        public String command() {
            return COMMAND;
        }

        @Override
        public void write(ByteWriter out) {
            writeAddress(out, address);
            writeDigests(out, digests);
        }

        static Want read(ByteReader in) {
            return new Want(readAddress(in), readDigests(in, 1, MAX_WANT, "wanted blocks"));
        }
    }

    /** One block of a {@code dbblocks}. */
    public record Block(byte[] digest, byte[] bytes) {
    }

    /** {@code dbblocks}: the blocks of a {@code dbwant} the sender has, and the digests of those it lacks. */
    public record Blocks(String address, List<Block> blocks, List<byte[]> missing) implements Message {
        public static final String COMMAND = "dbblocks";

        @Override
        public String command() {
            return COMMAND;
        }

        @Override
        public void write(ByteWriter out) {
            writeAddress(out, address);
            out.writeVarInt(blocks.size());
            for (Block b : blocks) {
                out.writeBytes(b.digest());
                out.writeVarBytes(b.bytes());
            }
            writeDigests(out, missing);
        }

        /** The exact size of the payload, so that a payload of megabytes is written once, not grown and copied. */
        @Override
        public int payloadSizeHint() {
            long size = addressSize(address) + ByteWriter.varIntSize(blocks.size())
                    + ByteWriter.varIntSize(missing.size()) + (long) missing.size() * DIGEST;
            for (Block b : blocks) {
                size += b.digest().length + ByteWriter.varIntSize(b.bytes().length) + b.bytes().length;
            }
            return (int) Math.min(size, Integer.MAX_VALUE - 16);
        }

        static Blocks read(ByteReader in) {
            String a = readAddress(in);
            int n = in.readCount(MAX_WANT, DIGEST + 1, "blocks");
            List<Block> blocks = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                blocks.add(new Block(in.readBytes(DIGEST), in.readVarBytes(OpLog.MAX_ENTRY_BYTES)));
            }
            return new Blocks(a, blocks, readDigests(in, 0, MAX_WANT, "missing blocks"));
        }
    }

    /** {@code dbentry}: a new entry of a database, pushed to the peers that replicate it. */
    public record Push(String address, byte[] block) implements Message {
        public static final String COMMAND = "dbentry";

        @Override
        public String command() {
            return COMMAND;
        }

        @Override
        public void write(ByteWriter out) {
            writeAddress(out, address);
            out.writeVarBytes(block);
        }

        static Push read(ByteReader in) {
            return new Push(readAddress(in), in.readVarBytes(OpLog.MAX_ENTRY_BYTES));
        }
    }
}
