package dev.tributary.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a failed command takes back from a data directory, and what it never touches. */
class DatadirEntriesTest {
    @TempDir
    Path tmp;

    @Test
    void aNewDirectoryIsTakenBack() throws Exception {
        Path dir = tmp.resolve("new");
        DatadirEntries before = DatadirEntries.of(dir);
        Files.createDirectories(dir.resolve("store"));
        before.removeNewUnlessKept();
        assertThat(dir).doesNotExist();
    }

    @Test
    void onlyNewEntriesOfAnExistingDirectoryAreTakenBack() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("old"));
        Files.writeString(dir.resolve("identity.json"), "{}");
        DatadirEntries before = DatadirEntries.of(dir);
        Files.createDirectories(dir.resolve("store"));
        before.removeNewUnlessKept();
        assertThat(dir.resolve("store")).doesNotExist();
        assertThat(dir.resolve("identity.json")).hasContent("{}");
    }

    @Test
    void aFileWhereTheDirectoryShouldBeIsNeverRemoved() throws Exception {
        Path file = Files.writeString(tmp.resolve("file"), "precious");
        DatadirEntries.of(file).removeNewUnlessKept();
        assertThat(file).hasContent("precious");
        Path link = Files.createSymbolicLink(tmp.resolve("link"), file);
        DatadirEntries.of(link).removeNewUnlessKept();
        assertThat(link).exists();
        assertThat(file).hasContent("precious");
    }

    @Test
    void keptEntriesStay() throws Exception {
        Path dir = tmp.resolve("kept");
        DatadirEntries before = DatadirEntries.of(dir);
        Files.createDirectories(dir.resolve("store"));
        before.keep();
        before.removeNewUnlessKept();
        assertThat(dir.resolve("store")).isDirectory();
    }
}
