package dev.tributary.chain;

import dev.tributary.validation.Verdict;
import java.util.HashSet;
import java.util.Set;

/**
 * Bitcoin Core's context-free {@code CheckTransaction}, and the legacy signature-operation count
 * ({@code GetLegacySigOpCount}) that {@code CheckBlock} limits.
 */
final class TransactionChecks {
    /** Core's {@code MAX_MONEY}: 21 million BTC in satoshis. */
    static final long MAX_MONEY = 21_000_000L * 100_000_000L;
    private static final int OP_PUSHDATA1 = 0x4c;
    private static final int OP_PUSHDATA2 = 0x4d;
    private static final int OP_PUSHDATA4 = 0x4e;
    private static final int OP_CHECKSIG = 0xac;
    private static final int OP_CHECKSIGVERIFY = 0xad;
    private static final int OP_CHECKMULTISIG = 0xae;
    private static final int OP_CHECKMULTISIGVERIFY = 0xaf;
    /** Core's {@code MAX_PUBKEYS_PER_MULTISIG}: what an inaccurately counted multisig costs. */
    private static final int MAX_PUBKEYS_PER_MULTISIG = 20;

    private TransactionChecks() {
    }

    /**
     * Checks one transaction; null when it passes, else the verdict.
     *
     * @param strippedSize its serialized size without witness data
     */
    static Verdict<BlockRejectReason> check(Transaction tx, int index, int strippedSize) {
        LazyText where = LazyText.of(() -> "transaction " + index + " (" + tx.txid() + "): ");
        if (tx.inputs().isEmpty()) {
            return Verdict.reject(BlockRejectReason.TX_NO_INPUTS, where + "no inputs");
        }
        if (tx.outputs().isEmpty()) {
            return Verdict.reject(BlockRejectReason.TX_NO_OUTPUTS, where + "no outputs");
        }
        if ((long) strippedSize * BlockValidator.WITNESS_SCALE_FACTOR > BlockValidator.MAX_BLOCK_WEIGHT) {
            return Verdict.reject(BlockRejectReason.TX_OVERSIZE, where.toString() + strippedSize + " bytes without witness");
        }
        Verdict<BlockRejectReason> outputs = checkOutputs(tx, where);
        if (outputs != null) {
            return outputs;
        }
        Set<OutPoint> spent = new HashSet<>();
        for (TxInput in : tx.inputs()) {
            if (!spent.add(in.previous())) {
                return Verdict.reject(BlockRejectReason.TX_DUPLICATE_INPUTS,
                        where + "spends " + in.previous().txid() + ":" + in.previous().index() + " twice");
            }
        }
        if (tx.isCoinbase()) {
            int n = tx.inputs().get(0).scriptSig().length;
            if (n < 2 || n > 100) {
                return Verdict.reject(BlockRejectReason.BAD_COINBASE_LENGTH,
                        where + "coinbase scriptSig of " + n + " bytes, must be 2..100");
            }
        } else {
            for (TxInput in : tx.inputs()) {
                if (in.previous().isNull()) {
                    return Verdict.reject(BlockRejectReason.TX_NULL_PREVOUT, where + "spends the null outpoint");
                }
            }
        }
        return null;
    }

    private static Verdict<BlockRejectReason> checkOutputs(Transaction tx, LazyText where) {
        long total = 0;
        for (TxOutput out : tx.outputs()) {
            if (out.value() < 0) {
                return Verdict.reject(BlockRejectReason.TX_NEGATIVE_OUTPUT, where + "output of " + out.value());
            }
            if (out.value() > MAX_MONEY) {
                return Verdict.reject(BlockRejectReason.TX_OUTPUT_TOO_LARGE, where + "output of " + out.value());
            }
            total += out.value();
            if (total > MAX_MONEY) {
                return Verdict.reject(BlockRejectReason.TX_OUTPUT_TOTAL_TOO_LARGE,
                        where + "outputs total more than " + MAX_MONEY);
            }
        }
        return null;
    }

    /** Core's {@code GetLegacySigOpCount}: signature operations in every scriptSig and output script. */
    static int legacySigOps(Transaction tx) {
        int n = 0;
        for (TxInput in : tx.inputs()) {
            n += sigOps(in.scriptSig());
        }
        for (TxOutput out : tx.outputs()) {
            n += sigOps(out.scriptPubKey());
        }
        return n;
    }

    /** Core's {@code CScript::GetSigOpCount(false)}: stops at the first malformed push. */
    static int sigOps(byte[] script) {
        int n = 0;
        int pc = 0;
        while (pc < script.length) {
            int opcode = script[pc++] & 0xff;
            if (opcode <= OP_PUSHDATA4) {
                long size;
                if (opcode < OP_PUSHDATA1) {
                    size = opcode;
                } else {
                    int width = opcode == OP_PUSHDATA1 ? 1 : opcode == OP_PUSHDATA2 ? 2 : 4;
                    if (script.length - pc < width) {
                        break;
                    }
                    size = 0;
                    for (int i = width - 1; i >= 0; i--) {
                        size = size << 8 | (script[pc + i] & 0xff);
                    }
                    pc += width;
                }
                if (script.length - pc < size) {
                    break;
                }
                pc += (int) size;
            } else if (opcode == OP_CHECKSIG || opcode == OP_CHECKSIGVERIFY) {
                n++;
            } else if (opcode == OP_CHECKMULTISIG || opcode == OP_CHECKMULTISIGVERIFY) {
                n += MAX_PUBKEYS_PER_MULTISIG;
            }
        }
        return n;
    }
}
