package dev.tributary.chain;

import dev.tributary.bytes.Hash;
import dev.tributary.bytes.Sha256;
import java.util.ArrayList;
import java.util.List;

/**
 * BIP 141's witness commitment. A block with witness data commits to its witness transaction ids in a
 * coinbase output whose script is {@code OP_RETURN 0x24 aa21a9ed <32-byte commitment>}, where
 * commitment = SHA-256d(witness Merkle root || witness reserved value), the reserved value being the single
 * 32-byte item of the coinbase input's witness. The witness Merkle root is computed over the wtxids with
 * the coinbase's taken as zero.
 */
public final class WitnessCommitment {
    /** The first six bytes of a commitment script. */
    private static final byte[] PREFIX = {0x6a, 0x24, (byte) 0xaa, 0x21, (byte) 0xa9, (byte) 0xed};
    /** Core's {@code MINIMUM_WITNESS_COMMITMENT}: prefix and commitment. */
    public static final int MIN_SCRIPT_SIZE = 38;
    /** Size of the witness reserved value. */
    public static final int RESERVED_VALUE_SIZE = 32;

    private WitnessCommitment() {
    }

    /** Core's {@code BlockWitnessMerkleRoot}: Merkle root of the wtxids, the coinbase's replaced by zero. */
    public static Hash witnessMerkleRoot(List<Transaction> transactions) {
        List<Hash> leaves = new ArrayList<>(transactions.size());
        for (int i = 0; i < transactions.size(); i++) {
            leaves.add(i == 0 ? Hash.ZERO : transactions.get(i).wtxid());
        }
        return MerkleTree.root(leaves);
    }

    /** SHA-256d(witness root || reserved value): the 32 bytes a commitment script carries. */
    public static Hash commitment(Hash witnessRoot, byte[] reservedValue) {
        byte[] buf = new byte[Hash.LENGTH + reservedValue.length];
        witnessRoot.copyTo(buf, 0);
        System.arraycopy(reservedValue, 0, buf, Hash.LENGTH, reservedValue.length);
        return Sha256.sha256d(buf);
    }

    /** The output script {@code 6a24aa21a9ed || commitment}. */
    public static byte[] outputScript(Hash commitment) {
        byte[] script = new byte[MIN_SCRIPT_SIZE];
        System.arraycopy(PREFIX, 0, script, 0, PREFIX.length);
        commitment.copyTo(script, PREFIX.length);
        return script;
    }

    /**
     * Core's {@code GetWitnessCommitmentIndex}: the index of the last coinbase output whose script is at
     * least 38 bytes and starts with the commitment prefix, or -1.
     */
    public static int findOutput(Transaction coinbase) {
        int found = -1;
        List<TxOutput> outputs = coinbase.outputs();
        for (int i = 0; i < outputs.size(); i++) {
            if (isCommitmentScript(outputs.get(i).scriptPubKey())) {
                found = i;
            }
        }
        return found;
    }

    private static boolean isCommitmentScript(byte[] script) {
        if (script.length < MIN_SCRIPT_SIZE) {
            return false;
        }
        for (int i = 0; i < PREFIX.length; i++) {
            if (script[i] != PREFIX[i]) {
                return false;
            }
        }
        return true;
    }

    /** The commitment carried by a commitment script (bytes 6..38). */
    public static Hash committedHash(byte[] script) {
        return Hash.wrap(script, PREFIX.length);
    }
}
