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
            // names that only look like a dead process's token file are not Hatch's to delete
            Path upper = Files.writeString(dir.resolve("token-" + gone.pid() + "-1A2B"), "x");
            Path longHex = Files.writeString(dir.resolve("token-" + gone.pid() + "-123456789"), "x");
            Path suffix = Files.writeString(dir.resolve("token-" + gone.pid() + "-1a2b3c.bak"), "x");
            Path link = Files.createSymbolicLink(dir.resolve("token-" + gone.pid() + "-abc"), unrelated);
            Path subdir = Files.createDirectory(dir.resolve("token-" + gone.pid() + "-def"));
            assertThat(GeneratedToken.removeStale(dir)).isEqualTo(1);
            assertThat(crashed).doesNotExist();
            assertThat(upper).exists();
            assertThat(longHex).exists();
            assertThat(suffix).exists();
            assertThat(link).exists();
            assertThat(subdir).exists();
            assertThat(other).exists(); // another live JVM's token is its own business
            assertThat(mine).exists();
            assertThat(unrelated).exists();
        } finally {
            alive.destroyForcibly();
        }
    }

    @Test
    void onlyTheGeneratedNameShapeYieldsAProcessId() {
        assertThat(GeneratedToken.pidOf("token-4242-1a2b3c")).isEqualTo(4242);
        assertThat(GeneratedToken.pidOf("token-9223372036854775807-f")).isEqualTo(Long.MAX_VALUE);
        assertThat(GeneratedToken.pidOf("token-1-01234567")).isEqualTo(1);
        for (String other : new String[] {"token-", "token--1a", "token-12", "token-12-", "token-x1-1a", "token-12-1a-2b",
                "token-12-G", "token-12-012345678", "token-99999999999999999999-1a", "token-9223372036854775808-1a",
                "Token-12-1a", "token-12-1a ", "xtoken-12-1a", "token-+12-1a"}) {
            assertThat(GeneratedToken.pidOf(other)).as(other).isEqualTo(-1);
        }
    }
}
