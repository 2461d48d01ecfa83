package dev.tributary.bench;

import dev.tributary.oplog.identity.Secp256k1;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Signs and verifies the same messages with libsecp256k1 (through ACINQ's JNI binding: Tributary's
 * {@link Secp256k1}) and with Bouncy Castle ({@link BouncyCastleSecp256k1}), one thread each in turn, and reports
 * each library's rates as the median of several rounds. Rates are per second of the measuring thread's CPU time
 * (wall-clock time where the JVM cannot measure it), so that a machine shared with other work still gives the
 * rate of one core. Both make OrbitDB's signatures, so the bench also checks
 * that they make the same bytes and accept each other's.
 */
public final class Secp256k1Bench {
    /** Distinct keys and messages cycled through (messages the size of a small entry's signed bytes). */
    private static final int KEYS = 32;
    private static final int MESSAGE_SIZE = 300;

    /** Rates of one library: operations per second. */
    public record Rates(double signPerSecond, double verifyPerSecond) {
    }

    /** The medians of both libraries, and whether their signatures agreed byte for byte. */
    public record Result(int iterations, int rounds, Rates libsecp256k1, Rates bouncyCastle, boolean sameSignatures) {
        public double signRatio() {
            return libsecp256k1.signPerSecond() / bouncyCastle.signPerSecond();
        }

        public double verifyRatio() {
            return libsecp256k1.verifyPerSecond() / bouncyCastle.verifyPerSecond();
        }

        /** The faster library at verifying, what replication spends its time on. */
        public String fasterAtVerifying() {
            return verifyRatio() >= 1 ? "libsecp256k1" : "bouncycastle";
        }
    }

    private interface Library {
        byte[] sign(byte[] privateKey, byte[] message);

        boolean verify(byte[] signature, byte[] publicKey, byte[] message);
    }

    private static final Library NATIVE = new Library() {
        @Override
        public byte[] sign(byte[] privateKey, byte[] message) {
            return Secp256k1.sign(privateKey, message);
        }

        @Override
        public boolean verify(byte[] signature, byte[] publicKey, byte[] message) {
            return Secp256k1.verify(signature, publicKey, message);
        }
    };

    private static final Library BOUNCY_CASTLE = new Library() {
        @Override
        public byte[] sign(byte[] privateKey, byte[] message) {
            return BouncyCastleSecp256k1.sign(privateKey, message);
        }

        @Override
        public boolean verify(byte[] signature, byte[] publicKey, byte[] message) {
            return BouncyCastleSecp256k1.verify(signature, publicKey, message);
        }
    };

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private Secp256k1Bench() {
    }

    /** Whether rates are per second of thread CPU time (else wall-clock). */
    public static boolean cpuTime() {
        return THREADS.isCurrentThreadCpuTimeSupported();
    }

    private static long now() {
        return cpuTime() ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
    }

    /** {@code rounds} rounds of {@code iterations} signatures and verifications per library (after a warm-up). */
    public static Result run(int iterations, int rounds) {
        Random random = new Random(42);
        SecureRandom keys = new SecureRandom(new byte[] {42});
        List<byte[]> privateKeys = new ArrayList<>();
        List<byte[]> publicKeys = new ArrayList<>();
        List<byte[]> messages = new ArrayList<>();
        for (int i = 0; i < KEYS; i++) {
            byte[] k = Secp256k1.newPrivateKey(keys);
            privateKeys.add(k);
            publicKeys.add(Secp256k1.publicKey(k));
            byte[] m = new byte[MESSAGE_SIZE];
            random.nextBytes(m);
            messages.add(m);
        }
        boolean same = true;
        for (int i = 0; i < KEYS; i++) {
            byte[] a = NATIVE.sign(privateKeys.get(i), messages.get(i));
            byte[] b = BOUNCY_CASTLE.sign(privateKeys.get(i), messages.get(i));
            same &= Arrays.equals(a, b)
                    && Arrays.equals(publicKeys.get(i), BouncyCastleSecp256k1.publicKey(privateKeys.get(i)))
                    && NATIVE.verify(b, publicKeys.get(i), messages.get(i))
                    && BOUNCY_CASTLE.verify(a, publicKeys.get(i), messages.get(i));
        }
        int warmup = Math.max(100, iterations / 5);
        measure(NATIVE, privateKeys, publicKeys, messages, warmup);
        measure(BOUNCY_CASTLE, privateKeys, publicKeys, messages, warmup);
        double[][] nativeRates = new double[2][rounds];
        double[][] bcRates = new double[2][rounds];
        for (int r = 0; r < rounds; r++) {
            Rates n = measure(NATIVE, privateKeys, publicKeys, messages, iterations);
            Rates b = measure(BOUNCY_CASTLE, privateKeys, publicKeys, messages, iterations);
            nativeRates[0][r] = n.signPerSecond();
            nativeRates[1][r] = n.verifyPerSecond();
            bcRates[0][r] = b.signPerSecond();
            bcRates[1][r] = b.verifyPerSecond();
        }
        return new Result(iterations, rounds, new Rates(median(nativeRates[0]), median(nativeRates[1])),
                new Rates(median(bcRates[0]), median(bcRates[1])), same);
    }

    private static Rates measure(Library lib, List<byte[]> privateKeys, List<byte[]> publicKeys,
            List<byte[]> messages, int iterations) {
        byte[][] signatures = new byte[KEYS][];
        long start = now();
        for (int i = 0; i < iterations; i++) {
            int k = i % KEYS;
            signatures[k] = lib.sign(privateKeys.get(k), messages.get(k));
        }
        long signed = now();
        int valid = 0;
        for (int i = 0; i < iterations; i++) {
            int k = i % KEYS;
            if (lib.verify(signatures[k], publicKeys.get(k), messages.get(k))) {
                valid++;
            }
        }
        long verified = now();
        if (valid != iterations) {
            throw new IllegalStateException("a signature failed to verify: the libraries disagree with themselves");
        }
        return new Rates(iterations * 1e9 / (signed - start), iterations * 1e9 / (verified - signed));
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
