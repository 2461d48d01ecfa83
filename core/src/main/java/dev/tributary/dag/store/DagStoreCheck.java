package dev.tributary.dag.store;

import dev.tributary.bytes.Hash;
import dev.tributary.bytes.MalformedDataException;
import dev.tributary.dag.BlockAtHeight;
import dev.tributary.dag.DagBlock;
import dev.tributary.dag.DagParameters;
import dev.tributary.store.KeyValueStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Verifies that a {@link DagStore}'s key-value store holds what its contract promises, for tests and for a
 * {@code status --check} command. Reads every header and every body.
 *
 * <p>Checked, each failure reported as one line naming the block:
 * <ol>
 *   <li>the DAG loads ({@link DagStore#load()}): every order entry's header decodes, hashes to its key and has
 *       its height, and every parent is stored before its child, from this network's genesis (a failure here is
 *       the only problem reported);</li>
 *   <li>every block of the DAG has a stored body that decodes, hashes to the block, and starts with the header
 *       its order entry holds;</li>
 *   <li>every stored body is a block of the DAG (has an order entry).</li>
 * </ol>
 *
 * <p>Not checked: proof of work, timestamps, Merkle roots and transactions, which are validation, the
 * {@link dev.tributary.dag.DagValidator}'s job when a block arrives; and tips, which are not stored but derived from the blocks.
 */
public final class DagStoreCheck {
    private DagStoreCheck() {
    }

    /** The problems found, in canonical order of the blocks; empty when the store is consistent. */
    public static List<String> check(KeyValueStore store, DagParameters params) {
        DagStore dag;
        try {
            dag = DagStore.openExisting(store, params);
            dag.load();
        } catch (RuntimeException e) {
            return List.of("the DAG does not load: " + e.getMessage());
        }
        List<String> problems = new ArrayList<>();
        Set<Hash> ordered = new HashSet<>();
        store.scanPrefix(new byte[] {DagStore.ORDER_PREFIX}, (key, header) -> {
            BlockAtHeight entry = dag.decodeOrderKey(key);
            ordered.add(entry.hash());
            checkBody(store, entry, header, problems);
            return true;
        });
        store.scanPrefix(new byte[] {DagStore.BLOCK_PREFIX}, (key, body) -> {
            Hash hash = Hash.wrap(Arrays.copyOfRange(key, 1, key.length));
            if (!ordered.contains(hash)) {
                problems.add("block " + hash + " is stored but is not in the DAG (no order entry)");
            }
            return true;
        });
        return problems;
    }

    private static void checkBody(KeyValueStore store, BlockAtHeight entry, byte[] header, List<String> problems) {
        String name = "block " + entry.height() + " (" + entry.hash() + ")";
        byte[] body = store.get(DagStore.blockKey(entry.hash())).orElse(null);
        if (body == null) {
            problems.add(name + " is in the DAG but its body is not stored");
            return;
        }
        DagBlock block;
        try {
            block = DagBlock.parse(body);
        } catch (MalformedDataException e) {
            problems.add(name + ": its body does not decode: " + e.getMessage());
            return;
        }
        if (!block.hash().equals(entry.hash())) {
            problems.add(name + ": the body stored for it is another block's (" + block.hash() + ")");
        } else if (header.length > 0 && !Arrays.equals(header, block.header().serialize())) {
            problems.add(name + ": its order entry holds another header than its body");
        }
    }
}
