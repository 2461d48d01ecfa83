package dev.tributary.node.readme;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.chain.HeaderSyncData;
import dev.tributary.chain.NetworkParameters;
import dev.tributary.net.NetConfig;
import dev.tributary.node.Node;
import dev.tributary.node.StoreKind;
import dev.tributary.node.chain.ChainService;
import dev.tributary.node.chain.NodeConfig;
import dev.tributary.node.chain.TipLine;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * README's library examples (its {@code ```java} blocks) compiled and run against this module's classpath only:
 * the embeddable library ({@code tributary-embed}), core and their dependencies, nothing of the command line or
 * the HTTP server. Each must stay at most ten lines, compile, and print what its comments say. Their {@code /tmp}
 * directories are moved into a temporary one, and the chain example's peer address is replaced by a node this
 * test runs.
 */
class ReadmeLibraryExampleTest {
    private static final Path ROOT = Path.of(System.getProperty("tributary.root", "..")).toAbsolutePath().normalize();
    /** The peer the chain example names: the regtest node of README's HTTP example. */
    private static final String EXAMPLE_PEER = "127.0.0.1:18444";

    @TempDir
    Path tmp;

    @Test
    void everyJavaBlockIsTested() throws Exception {
        assertThat(javaBlocks()).hasSize(2);
        assertThat(javaBlocks()).anyMatch(b -> b.contains("Databases.open")).anyMatch(b -> b.contains("ChainSync"));
    }

    @Test
    void theChainExampleSyncsFromAPeerAndWaitsForCompletion() throws Exception {
        NodeConfig config = NodeConfig.of(NetworkParameters.REGTEST, tmp.resolve("peer")).withStore(StoreKind.MEMORY)
                .withNet(NetConfig.defaults().withListen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                        .withSeeds(List.of(), false).withMaxOutbound(0));
        try (Node peer = ChainService.node(config, List.of())) {
            peer.start();
            ChainService.of(peer).mine(5);
            HeaderSyncData peerTip = ChainService.of(peer).mainTip();

            String example = example("ChainSync")
                    .replace(EXAMPLE_PEER, "127.0.0.1:" + peer.listeningAddress().getPort());
            List<String> out = run(example, """
                    import dev.tributary.chain.*;
                    import dev.tributary.node.chain.*;
                    import java.nio.file.Path;
                    import java.time.Duration;
                    """);

            assertThat(out).containsExactly(TipLine.of(peerTip));
            assertThat(out.get(0)).startsWith("height=5 tip=");
        }
    }

    @Test
    void theDatabasesExampleCompilesAndRuns() throws Exception {
        List<String> out = run(example("Databases.open"), """
                import dev.tributary.oplog.db.*;
                import dev.tributary.oplog.identity.*;
                import java.nio.file.Path;
                import java.security.SecureRandom;
                """);
        assertThat(out).hasSize(3);
        assertThat(out.get(0)).startsWith("applied zdpu").contains("colour").contains("blue");
        assertThat(out.get(1)).isEqualTo("blue");
        assertThat(out.get(2)).startsWith("/orbitdb/zdpu");
    }

    /** README's {@code ```java} blocks, each as one string. */
    private static List<String> javaBlocks() throws Exception {
        List<String> lines = Files.readAllLines(ROOT.resolve("README.md"));
        List<String> blocks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).equals("```java")) {
                int end = lines.subList(i + 1, lines.size()).indexOf("```") + i + 1;
                List<String> block = lines.subList(i + 1, end);
                assertThat(block).as("README's java block at line " + (i + 1)).hasSizeLessThanOrEqualTo(10);
                blocks.add(String.join("\n", block));
                i = end;
            }
        }
        return blocks;
    }

    /** The one java block of README that contains {@code marker}. */
    private static String example(String marker) throws Exception {
        List<String> matching = javaBlocks().stream().filter(b -> b.contains(marker)).toList();
        assertThat(matching).as("README's java blocks with " + marker).hasSize(1);
        return matching.get(0);
    }

    /** Compiles {@code body} as a method's body after {@code imports}, runs it, and returns the lines it printed. */
    private List<String> run(String body, String imports) throws Exception {
        String source = imports + """

                public class ReadmeExample {
                    public static void run() throws Exception {
                %s
                    }
                }
                """.formatted(body.replace("/tmp/", tmp.toString().replace("\\", "/") + "/"));
        Path src = tmp.resolve("src/ReadmeExample.java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, source);
        Path classes = Files.createDirectories(tmp.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int code = javac.run(null, diagnostics, diagnostics, "-classpath", System.getProperty("java.class.path"),
                "-d", classes.toString(), src.toString());
        assertThat(code).as(diagnostics.toString(StandardCharsets.UTF_8)).isZero();

        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream original = System.out;
        try (URLClassLoader loader = new URLClassLoader(new java.net.URL[] {classes.toUri().toURL()},
                getClass().getClassLoader())) {
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            loader.loadClass("ReadmeExample").getMethod("run").invoke(null);
        } finally {
            System.setOut(original);
        }
        return printed.toString(StandardCharsets.UTF_8).lines().toList();
    }
}
