package dev.tributary.node;

import dev.tributary.node.chain.ChainService;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.bytes.ByteWriter;
import dev.tributary.bytes.Hash;
import dev.tributary.chain.HeaderSyncData;
import dev.tributary.chain.NetworkParameters;
import dev.tributary.dag.BlockAtHeight;
import dev.tributary.dag.DagBlock;
import dev.tributary.dag.message.DagBlockMessage;
import dev.tributary.sync.inventory.DagInventoryProtocol;
import dev.tributary.dag.DagMiner;
import dev.tributary.dag.DagParameters;
import dev.tributary.net.NetConfig;
import dev.tributary.net.bitcoin.BitcoinMessages;
import dev.tributary.node.cli.ChildCli;
import dev.tributary.node.cli.Cli;
import dev.tributary.testing.ChainBuilder;
import dev.tributary.testing.RawFrames;
import dev.tributary.testing.ScriptedPeer;
import dev.tributary.net.bitcoin.AddrMessage;
import dev.tributary.chain.Block;
import dev.tributary.chain.message.BlockMessage;
import dev.tributary.chain.message.GetHeadersMessage;
import dev.tributary.wire.MessageCodec;
import dev.tributary.net.bitcoin.NetworkAddress;
import dev.tributary.net.bitcoin.PingMessage;
import dev.tributary.net.bitcoin.PongMessage;
import dev.tributary.net.bitcoin.TimestampedAddress;
import dev.tributary.chain.Transaction;
import dev.tributary.wire.WireLimits;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Resource-exhaustion attacks from outside, over real sockets, against a real {@code tributary node} in a child
 * JVM under {@code -Xmx2g}: one family of attack per test, each scaled down to seconds but still past every
 * bound it attacks. For each: the node's live heap after a full GC ({@code jcmd GC.class_histogram})
 * stays under {@link #HEAP_BOUND_MIB} MiB while the attack is held; an honest node connects and syncs the whole
 * chain from it meanwhile; honest probes complete the handshake and get their pings answered promptly (the CPU
 * is shared); the node's output has no {@code OutOfMemoryError} and no stack trace. Each test prints its
 * measurements; {@link #summary()} prints them all.
 *
 * <p>Run alone: {@code mvn -B -ntp verify -DskipInterop=true -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false
 * -Dit.test=ResourceExhaustionIT} (tag {@code attack}).
 */
@Tag("attack")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ResourceExhaustionIT {
    /** The live heap the node must stay under, in MiB, whatever the attack (see CONCURRENCY.md, memory bounds). */
    static final long HEAP_BOUND_MIB = 512;
    private static final int BLOCKS = 2_000;
    private static final int DAG_BLOCKS = 40;
    private static final NetworkParameters REGTEST = NetworkParameters.REGTEST;
    private static final MessageCodec CODEC = BitcoinMessages.codec();
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;
    private static ChildCli node;
    private static InetSocketAddress address;
    private static final Map<String, String> results = new LinkedHashMap<>();

    private final ExecutorService attackers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "attacker");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean stop = new AtomicBoolean();
    private final List<AttackClient> open = java.util.Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    static void startNode() throws Exception {
        Path data = dir.resolve("node");
        Cli.Result mined = Cli.run("mine", "--network", "regtest", "--datadir", data.toString(), "--blocks",
                String.valueOf(BLOCKS));
        assertThat(mined.exitCode()).as(mined.toString()).isZero();
        node = ChildCli.start(List.of("-Xmx2g"), Map.of(), "node", "--network", "regtest", "--datadir",
                data.toString(), "--listen", "127.0.0.1:0", "--sync-mode", "blocks", "--max-outbound", "2");
        address = listeningAddress(node);
        results.put("idle node", "live heap " + mib(liveHeapBytes(node.pid())) + " MiB");
    }

    @AfterAll
    static void summary() throws InterruptedException {
        System.out.println("---- resource exhaustion: live heap after GC while each attack is held, bound "
                + HEAP_BOUND_MIB + " MiB");
        results.forEach((k, v) -> System.out.printf("%-38s %s%n", k, v));
        if (node != null) {
            node.close();
        }
    }

    @AfterEach
    void stopAttack() throws InterruptedException {
        stop.set(true);
        synchronized (open) {
            open.forEach(AttackClient::close);
        }
        attackers.shutdownNow();
        attackers.awaitTermination(10, TimeUnit.SECONDS);
        assertCleanOutput(node);
    }

    // ------------------------------------------------------------------ families

    @Test
    @Order(1)
    void largeFrameClaimsFromManyConnectionsAreBoundedNodeWide() throws Exception {
        // 64 connections each claim a 4,000,000-byte block (the largest legal) and send all but its last byte:
        // 256 MB held open, past the 192 MiB node-wide pool; 16 more claim 32 MiB, over the limit.
        byte[] header = RawFrames.headerOnly(REGTEST.magic(), "block", WireLimits.MAX_PROTOCOL_MESSAGE);
        byte[] body = new byte[WireLimits.MAX_PROTOCOL_MESSAGE - 1];
        for (int i = 0; i < 64; i++) {
            attackers.execute(() -> {
                while (!stop.get()) {
                    try (AttackClient c = track(AttackClient.handshaked(address, REGTEST.magic(), CODEC))) {
                        if (c == null) {
                            continue;
                        }
                        c.sendRaw(header);
                        c.sendRaw(body);
                        while (!stop.get()) {
                            Thread.sleep(200); // hold it open, never finishing the frame
                        }
                    } catch (IOException | InterruptedException e) {
                        pause(100);
                    }
                }
            });
        }
        for (int i = 0; i < 16; i++) {
            attackers.execute(() -> {
                try (AttackClient c = track(AttackClient.handshaked(address, REGTEST.magic(), CODEC))) {
                    if (c != null) {
                        c.sendRaw(RawFrames.headerOnly(REGTEST.magic(), "block", WireLimits.MAX_PAYLOAD));
                        c.sendRaw(new byte[1 << 20]);
                    }
                } catch (IOException e) {
                    // refused, as it should be
                }
            });
        }
        underAttack("1 large frame claims (64 x 4 MB held)", Duration.ofSeconds(4));
        assertThat(node.err()).as("a claim over the limit is refused in one line")
                .anyMatch(l -> l.contains("exceeds the limit of 4000000 for block"));
    }

    @Test
    @Order(2)
    void transactionsOfMillionsOfWitnessItemsDecodeToTheirSize() throws Exception {
        // Six connections each send 4,000,000-byte transactions of ~4 million empty witness items, again and again.
        byte[] tx = txOfEmptyWitnessItems(WireLimits.MAX_PROTOCOL_MESSAGE);
        byte[] frame = RawFrames.frame(REGTEST.magic(), "tx", tx);
        AtomicLong sent = new AtomicLong();
        for (int i = 0; i < 6; i++) {
            attackers.execute(() -> {
                while (!stop.get()) {
                    try (AttackClient c = track(AttackClient.handshaked(address, REGTEST.magic(), CODEC))) {
                        if (c == null) {
                            continue;
                        }
                        while (!stop.get()) {
                            c.sendRaw(frame);
                            sent.addAndGet(frame.length);
                        }
                    } catch (IOException e) {
                        pause(100);
                    }
                }
            });
        }
        String line = underAttack("2 witness-item transactions (6 conns)", Duration.ofSeconds(4));
        results.put("2 witness-item transactions (6 conns)", line + ", " + sent.get() / 1_000_000 + " MB sent");
    }

    @Test
    @Order(3)
    void largeOrphansAreBoundedInBytesAndCostTheirSender() throws Exception {
        // Two connections push orphan blocks carrying ~500 KB of witness data each, reconnecting when dropped.
        ChainBuilder builder = ChainBuilder.regtest(77, System.currentTimeMillis() / 1000 - 100_000);
        Block withheld = builder.extend(builder.genesis(), 1).get(0);
        AtomicLong orphans = new AtomicLong();
        AtomicLong reconnects = new AtomicLong();
        for (int i = 0; i < 2; i++) {
            attackers.execute(() -> {
                HeaderSyncData parent;
                synchronized (builder) {
                    parent = builder.entry(withheld.hash());
                }
                while (!stop.get() && orphans.get() < 400) {
                    try (AttackClient c = track(AttackClient.handshaked(address, REGTEST.magic(), CODEC))) {
                        if (c == null) {
                            continue;
                        }
                        reconnects.incrementAndGet();
                        while (!stop.get() && orphans.get() < 400) {
                            Block b;
                            synchronized (builder) {
                                b = builder.mine(parent, List.of(builder.transaction(1_000, 500_000)));
                            }
                            c.send(new BlockMessage(b));
                            orphans.incrementAndGet();
                        }
                    } catch (IOException e) {
                        pause(50);
                    }
                }
            });
        }
        String line = underAttack("3 large orphans (regtest)", Duration.ofSeconds(5));
        results.put("3 large orphans (regtest)", line + ", " + orphans.get() + " orphans sent over "
                + reconnects.get() + " connections");
        assertThat(node.err()).as("unrequested orphans are penalised").anyMatch(l -> l.contains("nobody asked for"));
    }

    @Test
    @Order(4)
    void idleConnectionsDoNotKeepHonestPeersOut() throws Exception {
        // 300 connections that never say a word: the 117 inbound slots fill, eviction frees one per newcomer.
        holdIdle(300, false);
        underAttack("4a idle connections (300)", Duration.ofSeconds(3));
        assertThat(node.err()).as("evictions are logged").anyMatch(l -> l.contains("Evicted inbound peer 127.1."));
    }

    @Test
    @Order(5)
    void handshakedIdleConnectionsDoNotKeepHonestPeersOut() throws Exception {
        // 300 that complete the handshake and then say nothing (their pings go unanswered).
        holdIdle(300, true);
        underAttack("4b handshaked idle connections (300)", Duration.ofSeconds(3));
    }

    @Test
    @Order(6)
    void anAddrFloodCostsLittleAndStarvesNobody() throws Exception {
        // Eight connections send addr after addr of 1,000 fresh loopback addresses, reconnecting every 5 messages
        // (a new connection gets a fresh token bucket): the address book fills past its 20,000 entries.
        AtomicLong addrs = new AtomicLong();
        for (int i = 0; i < 8; i++) {
            int seed = i;
            attackers.execute(() -> {
                Random random = new Random(seed);
                while (!stop.get()) {
                    try (AttackClient c = track(AttackClient.handshaked(address, REGTEST.magic(), CODEC))) {
                        if (c == null) {
                            continue;
                        }
                        for (int m = 0; m < 5 && !stop.get(); m++) {
                            c.send(addrOfLoopbacks(random));
                            addrs.addAndGet(WireLimits.MAX_ADDRESSES);
                        }
                    } catch (IOException e) {
                        pause(20);
                    }
                }
            });
        }
        String line = underAttack("5 addr flood (8 conns)", Duration.ofSeconds(4));
        results.put("5 addr flood (8 conns)", line + ", " + addrs.get() + " addresses sent");
    }

    @Test
    @Order(7)
    void getheadersFromPeersThatNeverReadIsFlowControlled() throws Exception {
        // 40 connections ask for 2,000 headers (162 KB) again and again and never read an answer.
        GetHeadersMessage ask = new GetHeadersMessage(70015, List.of(REGTEST.genesisHash()), Hash.ZERO);
        byte[] chunk = RawFrames.repeat(RawFrames.frame(REGTEST.magic(), ask), 64);
        for (int i = 0; i < 40; i++) {
            attackers.execute(() -> {
                while (!stop.get()) {
                    try (AttackClient c = track(AttackClient.handshaked(address, REGTEST.magic(), CODEC))) {
                        if (c == null) {
                            continue;
                        }
                        while (!stop.get()) {
                            c.sendRaw(chunk);
                        }
                    } catch (IOException e) {
                        pause(100);
                    }
                }
            });
        }
        underAttack("6 getheaders, answers never read (40)", Duration.ofSeconds(4));
    }

    @Test
    @Order(8)
    void largeDagOrphansAreBoundedInBytes() throws Exception {
        Path data = dir.resolve("dag");
        Cli.Result mined = Cli.run("mine", "--network", "dagtest", "--datadir", data.toString(), "--blocks",
                String.valueOf(DAG_BLOCKS));
        assertThat(mined.exitCode()).as(mined.toString()).isZero();
        DagParameters params = DagParameters.DAGTEST;
        MessageCodec codec = DagInventoryProtocol.codec();
        try (ChildCli dag = ChildCli.start(List.of("-Xmx2g"), Map.of(), "node", "--network", "dagtest", "--datadir",
                data.toString(), "--listen", "127.0.0.1:0", "--max-outbound", "0")) {
            InetSocketAddress at = listeningAddress(dag);
            long idle = liveHeapBytes(dag.pid());
            ChainBuilder txs = ChainBuilder.regtest(5, 0);
            AtomicLong orphans = new AtomicLong();
            for (int i = 0; i < 2; i++) {
                int seed = i;
                attackers.execute(() -> {
                    Random random = new Random(seed);
                    DagMiner miner = new DagMiner(params);
                    while (!stop.get() && orphans.get() < 300) {
                        try (AttackClient c = track(AttackClient.handshaked(at, params.magic(), codec))) {
                            if (c == null) {
                                continue;
                            }
                            while (!stop.get() && orphans.get() < 300) {
                                byte[] h = new byte[32];
                                random.nextBytes(h);
                                Transaction big;
                                synchronized (txs) {
                                    big = txs.transaction(500_000, false);
                                }
                                DagBlock b = miner.mineOn(List.of(new BlockAtHeight(Hash.wrap(h), 3)), List.of(big),
                                        System.currentTimeMillis() / 1000, "orphan".getBytes(StandardCharsets.UTF_8));
                                c.sendRaw(RawFrames.frame(params.magic(), new DagBlockMessage(b)));
                                orphans.incrementAndGet();
                            }
                        } catch (IOException e) {
                            pause(50);
                        }
                    }
                });
            }
            pause(2_000);
            long cpuBefore = cpuTicks(dag.pid());
            long t0 = System.nanoTime();
            // An honest dagtest node syncs the DAG meanwhile.
            NetConfig net = NetConfig.defaults().withConnect(List.of(at)).withSeeds(List.of(), false)
                    .withTimeouts(5_000, 60_000, 60_000);
            try (DagNode honest = DagNode.open(dir.resolve("dag-honest"), StoreKind.MEMORY, net)) {
                honest.start();
                long deadline = System.nanoTime() + WAIT.toNanos();
                while (honest.state().blockCount() < DAG_BLOCKS + 1 && System.nanoTime() < deadline) {
                    pause(100);
                }
                assertThat(honest.state().blockCount()).as("an honest node synced the DAG").isEqualTo(DAG_BLOCKS + 1);
            }
            pause(2_000);
            long heap = liveHeapBytes(dag.pid());
            double cpu = cpuShare(dag.pid(), cpuBefore, t0);
            String line = String.format("live heap %d MiB (idle %d MiB), node CPU %.0f%% of one core, %d orphans sent",
                    mib(heap), mib(idle), cpu * 100, orphans.get());
            results.put("7 large orphans (dagtest)", line);
            System.out.println("7 large orphans (dagtest): " + line);
            assertThat(mib(heap)).as("live heap, MiB").isLessThan(HEAP_BOUND_MIB);
            stop.set(true);
            assertCleanOutput(dag);
            assertThat(dag.err()).as("unrequested orphans are penalised").anyMatch(l -> l.contains("nobody asked for"));
        }
    }

    // ------------------------------------------------------------------ the honest side, and measuring

    /**
     * Lets the attack ramp up, then, while it is held: an honest node syncs the whole chain, honest probes
     * handshake and ping, and the node's live heap is measured after a full GC. Returns the result line.
     */
    private String underAttack(String family, Duration ramp) throws Exception {
        pause(ramp.toMillis());
        long cpuBefore = cpuTicks(node.pid());
        long t0 = System.nanoTime();
        long worstPing = 0;
        int served = 0;
        int probes = 8;
        long syncMillis;
        Path honestDir = Files.createTempDirectory(dir, "honest");
        try (TestNodes.Syncing honest = TestNodes.syncing(honestDir, List.of(address))) {
            for (int i = 0; i < probes; i++) {
                long rtt = probe();
                if (rtt >= 0) {
                    served++;
                    worstPing = Math.max(worstPing, rtt);
                }
            }
            HeaderSyncData tip = honest.done().get(WAIT.toSeconds(), TimeUnit.SECONDS);
            syncMillis = (System.nanoTime() - t0) / 1_000_000;
            assertThat(tip.height()).as("the honest node synced the whole chain").isEqualTo(BLOCKS);
            assertThat(ChainService.of(honest.node()).blockTip().height()).isEqualTo(BLOCKS);
        }
        long heap = liveHeapBytes(node.pid());
        double cpu = cpuShare(node.pid(), cpuBefore, t0);
        System.out.println(family + ", largest classes on the heap:\n" + topOfHistogram(node.pid(), 8));
        assertThat(node.isAlive()).as("the node is alive").isTrue();
        String line = String.format("live heap %d MiB, node CPU %.0f%% of one core, honest sync %.1f s,"
                + " probes served %d/%d, slowest probe %d ms", mib(heap), cpu * 100, syncMillis / 1000.0, served, probes,
                worstPing);
        System.out.println(family + ": " + line);
        results.put(family, line);
        assertThat(served).as("honest probes served").isEqualTo(probes);
        // Generous for a 2-core machine shared with the attackers' own threads: measured up to 3.3 s.
        assertThat(worstPing).as("slowest honest probe (handshake and ping), ms").isLessThan(10_000);
        assertThat(mib(heap)).as("live heap, MiB").isLessThan(HEAP_BOUND_MIB);
        return line;
    }

    /**
     * An honest peer connects (trying up to three times, as a node's outbound connector would), completes the
     * handshake and gets a ping answered; returns the time taken, or -1.
     */
    private static long probe() {
        long t = System.nanoTime();
        for (int attempt = 1; attempt < 3; attempt++) {
            long rtt = probeOnce(t);
            if (rtt >= 0) {
                return rtt;
            }
        }
        return probeOnce(t);
    }

    private static long probeOnce(long t) {
        try (ScriptedPeer p = new ScriptedPeer(REGTEST)) {
            p.connect(address).awaitHandshake(Duration.ofSeconds(10));
            p.send(new PingMessage(4242));
            p.awaitMessage(PongMessage.class, m -> m.nonce() == 4242, Duration.ofSeconds(10));
            return (System.nanoTime() - t) / 1_000_000;
        } catch (RuntimeException | AssertionError e) {
            System.out.println("probe failed: " + e.getMessage().lines().findFirst().orElse(""));
            return -1;
        }
    }

    private void holdIdle(int count, boolean handshake) {
        AtomicLong held = new AtomicLong();
        for (int i = 0; i < count; i++) {
            attackers.execute(() -> {
                while (!stop.get()) {
                    AttackClient c = null;
                    try {
                        c = handshake ? AttackClient.handshaked(address, REGTEST.magic(), CODEC)
                                : AttackClient.connect(address, REGTEST.magic());
                        if (c == null) {
                            pause(200);
                            continue;
                        }
                        track(c);
                        held.incrementAndGet();
                        // Hold it until the node drops it, then take another slot.
                        while (!stop.get() && c.stillOpen()) {
                            Thread.onSpinWait();
                        }
                        held.decrementAndGet();
                    } catch (IOException e) {
                        pause(200);
                    } finally {
                        if (c != null) {
                            c.close();
                        }
                    }
                }
            });
        }
    }

    private AttackClient track(AttackClient c) {
        if (c != null) {
            open.add(c);
        }
        return c;
    }

    private static void assertCleanOutput(ChildCli child) {
        assertThat(child.err()).as("no OutOfMemoryError").noneMatch(l -> l.contains("OutOfMemoryError"));
        assertThat(child.err()).as("no stack trace").noneMatch(l -> l.startsWith("\tat ") || l.startsWith("Caused by"));
        assertThat(child.err()).as("no exception names").noneMatch(l -> l.matches(".*\\w+(Exception|Error)\\b.*"));
        assertThat(child.out()).as("no OutOfMemoryError").noneMatch(l -> l.contains("OutOfMemoryError"));
    }

    private static InetSocketAddress listeningAddress(ChildCli child) throws InterruptedException {
        String line = child.awaitErrLine(l -> l.contains("Listening on"), WAIT);
        Matcher m = Pattern.compile("Listening on ([0-9.]+):(\\d+)").matcher(line);
        assertThat(m.find()).as(line).isTrue();
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(m.group(2)));
    }

    /**
     * The child's live heap: the objects a full GC leaves, counted at that instant by {@code jcmd GC.class_histogram}
     * (its total line). ({@code GC.run} then {@code GC.heap_info} would also count what the attack allocated
     * between the two commands.)
     */
    static long liveHeapBytes(long pid) throws IOException, InterruptedException {
        String histogram = jcmd(pid, "GC.class_histogram");
        Matcher m = Pattern.compile("(?m)^Total\\s+\\d+\\s+(\\d+)").matcher(histogram);
        assertThat(m.find()).as(histogram.lines().limit(5).toList().toString()).isTrue();
        return Long.parseLong(m.group(1));
    }

    private static String topOfHistogram(long pid, int lines) throws IOException, InterruptedException {
        return jcmd(pid, "GC.class_histogram").lines().skip(2).limit(lines).collect(java.util.stream.Collectors.joining("\n"));
    }

    private static String jcmd(long pid, String command) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process p = new ProcessBuilder(jcmd.toString(), String.valueOf(pid), command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return out;
    }

    /** User and system CPU time of the process, in clock ticks (Linux). */
    private static long cpuTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** The share of one core the process used since {@code t0}. */
    private static double cpuShare(long pid, long ticksBefore, long t0) {
        long after = cpuTicks(pid);
        double seconds = (System.nanoTime() - t0) / 1e9;
        return ticksBefore < 0 || after < 0 ? -1 : (after - ticksBefore) / 100.0 / seconds;
    }

    private static long mib(long bytes) {
        return bytes / (1024 * 1024);
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A transaction of {@code size} bytes: one input whose witness stack holds as many empty items as fit. */
    static byte[] txOfEmptyWitnessItems(int size) {
        int items = size - (4 + 2 + 1 + 41 + 1 + 9 + 5 + 4);
        return new ByteWriter().writeInt32LE(2).writeUInt8(0).writeUInt8(1).writeVarInt(1).writeBytes(new byte[36])
                .writeVarInt(0).writeUInt32LE(0).writeVarInt(1).writeInt64LE(1).writeVarInt(0).writeVarInt(items)
                .writeBytes(new byte[items]).writeUInt32LE(0).toByteArray();
    }

    /** An {@code addr} of 1,000 random loopback addresses (127.x.y.z), which the node may dial harmlessly. */
    static AddrMessage addrOfLoopbacks(Random random) throws IOException {
        List<TimestampedAddress> list = new ArrayList<>(WireLimits.MAX_ADDRESSES);
        long now = System.currentTimeMillis() / 1000;
        for (int i = 0; i < WireLimits.MAX_ADDRESSES; i++) {
            byte[] ip = {127, (byte) random.nextInt(256), (byte) random.nextInt(256), (byte) (1 + random.nextInt(254))};
            InetSocketAddress a = new InetSocketAddress(InetAddress.getByAddress(ip), 1 + random.nextInt(1000));
            list.add(new TimestampedAddress(now - 3_600, NetworkAddress.of(1, a)));
        }
        return new AddrMessage(list);
    }
}
