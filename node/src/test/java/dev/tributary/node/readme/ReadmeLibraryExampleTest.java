package dev.tributary.node.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * README's library example (its one {@code ```java} block) compiled against the project's classes and run, its
 * {@code /tmp} directory moved into a temporary one: it must stay at most ten lines, compile, and print what its
 * comments say.
 */
class ReadmeLibraryExampleTest {
    private static final Path ROOT = Path.of(System.getProperty("tributary.root", "..")).toAbsolutePath().normalize();

    @TempDir
    Path tmp;

    @Test
    void theDatabasesExampleCompilesAndRuns() throws Exception {
        List<String> lines = Files.readAllLines(ROOT.resolve("README.md"));
        int start = lines.indexOf("```java");
        assertThat(start).as("README has a ```java block").isNotNegative();
        int end = lines.subList(start + 1, lines.size()).indexOf("```") + start + 1;
        List<String> example = lines.subList(start + 1, end);
        assertThat(example).as("the library example").hasSizeLessThanOrEqualTo(10);

        String body = String.join("\n", example).replace("/tmp/", tmp.toString().replace("\\", "/") + "/");
        String source = """
                import dev.tributary.oplog.db.*;
                import dev.tributary.oplog.identity.*;
                import java.nio.file.Path;
                import java.security.SecureRandom;

                public class ReadmeExample {
                    public static void run() throws Exception {
                %s
                    }
                }
                """.formatted(body);
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
        List<String> out = printed.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(out).hasSize(3);
        assertThat(out.get(0)).startsWith("applied zdpu").contains("colour").contains("blue");
        assertThat(out.get(1)).isEqualTo("blue");
        assertThat(out.get(2)).startsWith("/orbitdb/zdpu");
    }
}
