package dev.tributary.node.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.oplog.identity.LocalIdentity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The node's identity file: created once, the same identity at every start, a damaged file named. */
class IdentityFileTest {
    @TempDir
    Path dir;

    @Test
    void createdOnceThenTheSameIdentity() throws Exception {
        LocalIdentity first = IdentityFile.loadOrCreate(dir, new SecureRandom());
        LocalIdentity again = IdentityFile.loadOrCreate(dir, new SecureRandom());
        assertThat(again.identity().hash()).isEqualTo(first.identity().hash());
        assertThat(Files.readString(dir.resolve(IdentityFile.FILE_NAME))).contains(first.identity().id());
        assertThat(Files.exists(dir.resolve(IdentityFile.FILE_NAME + ".tmp"))).isFalse();
    }

    @Test
    void aDamagedFileIsNamed() throws Exception {
        Files.writeString(dir.resolve(IdentityFile.FILE_NAME), "{\"idPrivateKey\": \"00\"}");
        assertThatThrownBy(() -> IdentityFile.loadOrCreate(dir, new SecureRandom()))
                .hasMessageContaining(IdentityFile.FILE_NAME).hasMessageContaining("is not a database identity");
    }

    @Test
    void aFileThatIsNotJsonIsDescribedInWords() throws Exception {
        Path file = dir.resolve(IdentityFile.FILE_NAME);
        Files.writeString(file, "{\"idPrivateKey\": x");
        assertThatThrownBy(() -> IdentityFile.loadOrCreate(dir, new SecureRandom()))
                .hasMessage(file + " is not a database identity: not JSON: expected a value (a string in double quotes,"
                        + " a number, an object, an array, true, false or null), found 'x' (line 1, column 18)");
    }
}
