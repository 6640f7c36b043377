package dev.hatch.internal.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A process killed before it closed Hatch leaves its token file; the next start removes it. */
class GeneratedTokenTest {

    @Test
    void tokenFilesOfProcessesThatNoLongerRunAreRemovedAtStart(@TempDir Path dir) throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Process alive = new ProcessBuilder("sleep", "60").start();
        try {
            Path crashed = Files.writeString(dir.resolve("token-" + gone.pid() + "-1a2b3c"), "t\n");
            Path other = Files.writeString(dir.resolve("token-" + alive.pid() + "-4d5e6f"), "t\n");
            Path mine = GeneratedToken.create(dir).file();
            Path unrelated = Files.writeString(dir.resolve("token-notes.txt"), "x");
            assertThat(GeneratedToken.removeStale(dir)).isEqualTo(1);
            assertThat(crashed).doesNotExist();
            assertThat(other).exists(); // another live JVM's token is its own business
            assertThat(mine).exists();
            assertThat(unrelated).exists();
        } finally {
            alive.destroyForcibly();
        }
    }
}
