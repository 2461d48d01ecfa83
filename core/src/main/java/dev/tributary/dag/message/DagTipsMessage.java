package dev.tributary.dag.message;

import dev.tributary.bytes.ByteReader;
import dev.tributary.bytes.ByteWriter;
import dev.tributary.bytes.Hash;
import dev.tributary.bytes.MalformedDataException;
import dev.tributary.dag.DagState;
import dev.tributary.wire.Message;
import java.util.ArrayList;
import java.util.List;

/**
 * dagtest {@code dagtips} (a Tributary extension of soterd's protocol): the sender's {@link DagState}, sent on
 * connect and whenever it changed (at most once a second), so that a peer learns that our DAGs differ even when
 * its highest tip is above ours. A node holds every block of a peer exactly when it holds every tip of the peer,
 * so the receiver compares the listed tips with its DAG. Payload, 53 + 32n bytes:
 *
 * <pre>
 *  offset  size  field
 *   0      32    tips hash        SHA-256d of all the sender's tips, sorted, concatenated (internal order)
 *  32       8    block count      int64 LE, &gt;= 1 (genesis included)
 *  40       4    min tip height   int32 LE, &gt;= 0
 *  44       4    max tip height   int32 LE, &gt;= min tip height
 *  48       4    tip count        int32 LE, &gt;= 1: all the sender's tips
 *  52       1-3  listed count n   varint, 1..64 and &lt;= tip count
 *  53+     32n   listed tips      strictly ascending (hashes as numbers); the first n of the sorted tips
 * </pre>
 *
 * When every tip is listed (n = tip count) the listed tips must hash to the tips hash. A message breaking a rule
 * does not decode (malformed: 20 points).
 */
public record DagTipsMessage(Hash tipsHash, long blockCount, int minTipHeight, int maxTipHeight, int tipCount,
        List<Hash> listedTips) implements Message {
    public static final String COMMAND = "dagtips";
    /** Most tips listed: a DAG with more sends the first 64 in hash order and its tip count. */
    public static final int MAX_LISTED_TIPS = 64;
    /** The largest payload: 64 tips listed. */
    public static final int MAX_SIZE = 53 + MAX_LISTED_TIPS * Hash.LENGTH;

    /**
     * @throws IllegalArgumentException when a field is out of range or the tips are not strictly ascending
     */
    public DagTipsMessage {
        listedTips = List.copyOf(listedTips);
        String problem = problem(blockCount, minTipHeight, maxTipHeight, tipCount, listedTips);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    /** The message announcing {@code state}. */
    public static DagTipsMessage of(DagState state) {
        List<Hash> tips = state.tips();
        return new DagTipsMessage(state.tipsHash(), state.blockCount(), state.minTipHeight(), state.maxTipHeight(),
                tips.size(), tips.subList(0, Math.min(tips.size(), MAX_LISTED_TIPS)));
    }

    /** Whether every tip of the sender is listed (its DAG has at most 64 tips). */
    public boolean listsAllTips() {
        return listedTips.size() == tipCount;
    }

    public static DagTipsMessage read(ByteReader in) {
        Hash tipsHash = in.readHash();
        long blockCount = in.readInt64LE();
        int min = in.readInt32LE();
        int max = in.readInt32LE();
        int tipCount = in.readInt32LE();
        int n = in.readCount(MAX_LISTED_TIPS, Hash.LENGTH, "listed tips");
        List<Hash> tips = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            tips.add(in.readHash());
        }
        String problem = problem(blockCount, min, max, tipCount, tips);
        if (problem == null && tips.size() == tipCount && !DagState.tipsHash(tips).equals(tipsHash)) {
            problem = "the listed tips do not hash to the tips hash";
        }
        if (problem != null) {
            throw new MalformedDataException("dagtips: " + problem);
        }
        return new DagTipsMessage(tipsHash, blockCount, min, max, tipCount, tips);
    }

    private static String problem(long blockCount, int min, int max, int tipCount, List<Hash> tips) {
        if (blockCount < 1 || min < 0 || max < min || tipCount < 1) {
            return "block count " + blockCount + ", tip heights " + min + ".." + max + " and tip count " + tipCount
                    + " are out of range";
        }
        if (tips.isEmpty() || tips.size() > MAX_LISTED_TIPS || tips.size() > tipCount) {
            return tips.size() + " tips listed of " + tipCount + " (1.." + MAX_LISTED_TIPS + " allowed)";
        }
        for (int i = 1; i < tips.size(); i++) {
            if (tips.get(i).compareTo(tips.get(i - 1)) <= 0) {
                return "listed tips are not strictly ascending";
            }
        }
        return null;
    }

    @Override
    public String command() {
        return COMMAND;
    }

    @Override
    public void write(ByteWriter out) {
        out.writeHash(tipsHash).writeInt64LE(blockCount).writeInt32LE(minTipHeight).writeInt32LE(maxTipHeight)
                .writeInt32LE(tipCount).writeVarInt(listedTips.size());
        listedTips.forEach(out::writeHash);
    }
}
