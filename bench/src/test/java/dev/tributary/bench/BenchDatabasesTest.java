package dev.tributary.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A records bench run's databases are gone when it ends: here SQLite's, whose files (WAL included) are deleted. */
class BenchDatabasesTest {
    @TempDir
    Path tmp;

    @Test
    void closingDropsWhatWasCreatedAndSaysNothing() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (BenchDatabases databases = new BenchDatabases("sqlite", tmp, new PrintStream(err, true, StandardCharsets.UTF_8))) {
            for (String name : new String[] {"trib_bench_test_s", "trib_bench_test_t"}) {
                try (Connection c = DriverManager.getConnection(databases.create(name)); Statement st = c.createStatement()) {
                    st.execute("PRAGMA journal_mode=WAL");
                    st.execute("CREATE TABLE customers (id VARCHAR(64) PRIMARY KEY)");
                }
            }
            assertThat(files()).contains("trib_bench_test_s.db", "trib_bench_test_t.db");
        }
        assertThat(files()).isEmpty();
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    private java.util.List<String> files() throws java.io.IOException {
        try (Stream<Path> list = Files.list(tmp)) {
            return list.map(p -> p.getFileName().toString()).toList();
        }
    }
}
