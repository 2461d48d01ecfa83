package dev.tributary.bench.cli;

import dev.tributary.bench.Secp256k1Bench;
import java.util.Locale;
import java.util.concurrent.Callable;
import dev.tributary.node.cli.OptionChecks;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tributary bench secp256k1}: OrbitDB's signatures (ECDSA of SHA-256, low s, DER) made and checked by
 * libsecp256k1 (ACINQ's JNI binding, Tributary's choice) and by Bouncy Castle, single-threaded, per second of
 * the thread's CPU time ({@code timing=thread-cpu}); one line per library and a last line with the ratios.
 */
@Command(name = "secp256k1", mixinStandardHelpOptions = true,
        description = "Signatures per second: libsecp256k1 (JNI) against Bouncy Castle.")
final class BenchSecp256k1Command implements Callable<Integer> {
    @Option(names = "--iterations", defaultValue = "5000",
            description = "signatures and verifications per library and round, 1..10000000 (default: ${DEFAULT-VALUE})")
    int iterations;

    @Option(names = "--rounds", defaultValue = "3", description = "rounds, 1..99; each rate is their median (default: ${DEFAULT-VALUE})")
    int rounds;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        OptionChecks.range(spec, "--iterations", iterations, 1, 10_000_000);
        OptionChecks.range(spec, "--rounds", rounds, 1, 99);
        Secp256k1Bench.Result r = Secp256k1Bench.run(iterations, rounds);
        var out = spec.commandLine().getOut();
        out.println(String.format(Locale.ROOT, "bench=secp256k1 library=libsecp256k1 sign_per_s=%.0f verify_per_s=%.0f",
                r.libsecp256k1().signPerSecond(), r.libsecp256k1().verifyPerSecond()));
        out.println(String.format(Locale.ROOT, "bench=secp256k1 library=bouncycastle sign_per_s=%.0f verify_per_s=%.0f",
                r.bouncyCastle().signPerSecond(), r.bouncyCastle().verifyPerSecond()));
        out.println(String.format(Locale.ROOT,
                "bench=secp256k1 iterations=%d rounds=%d timing=%s libsecp256k1_sign_per_s=%.0f libsecp256k1_verify_per_s=%.0f"
                        + " bouncycastle_sign_per_s=%.0f bouncycastle_verify_per_s=%.0f sign_ratio=%.2f"
                        + " verify_ratio=%.2f faster=%s same_signatures=%b",
                r.iterations(), r.rounds(), Secp256k1Bench.cpuTime() ? "thread-cpu" : "wall",
                r.libsecp256k1().signPerSecond(), r.libsecp256k1().verifyPerSecond(),
                r.bouncyCastle().signPerSecond(), r.bouncyCastle().verifyPerSecond(), r.signRatio(), r.verifyRatio(),
                r.fasterAtVerifying(), r.sameSignatures()));
        return r.sameSignatures() ? 0 : 1;
    }
}
