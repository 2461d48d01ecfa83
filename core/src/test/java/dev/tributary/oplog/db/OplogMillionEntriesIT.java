package dev.tributary.oplog.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A keyvalue database of a million entries in a JVM limited to 256 MB of heap ({@link HeavyProcess}): appended,
 * closed, reopened without replay (the reopen and a first get read at most {@link HeavyProcess#MAX_OPEN_READS}
 * store entries), queried (gets of random keys, the newest entries, every live key). Minutes long, so an
 * integration test: {@code mvn verify} runs it ({@code mvn -B -ntp -o -pl core verify -Dtest=None
 * -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=OplogMillionEntriesIT}); {@code -Doplog.heavy.entries=N} changes
 * the size for a quicker run by hand.
 */
class OplogMillionEntriesIT {
    @TempDir
    Path tmp;

    @Test
    @Timeout(value = 60, unit = TimeUnit.MINUTES)
    void aMillionEntriesUnder256MbOfHeap() throws Exception {
        String entries = System.getProperty("oplog.heavy.entries", "1000000");
        try (ChildJvm child = ChildJvm.start(List.of("-Xmx256m"), HeavyProcess.class, tmp.resolve("heavy").toString(),
                entries)) {
            int exit = child.awaitExit();
            child.transcript().forEach(l -> System.out.println("[heavy] " + l));
            assertThat(exit).as(String.join("\n", child.transcript())).isZero();
            assertThat(child.transcript()).contains("done");
        }
    }
}
