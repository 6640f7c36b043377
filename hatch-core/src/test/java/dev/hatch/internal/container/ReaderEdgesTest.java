package dev.hatch.internal.container;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Trees written by the test itself, one awkward case each. */
class ReaderEdgesTest {
    @TempDir
    Path root;

    @Test
    void aParentsV2LimitBindsTheChild() throws IOException {
        write("proc/self/cgroup", "0::/kubepods/pod1/app\n");
        write("sys/fs/cgroup/cgroup.controllers", "cpu memory\n");
        write("sys/fs/cgroup/kubepods/memory.max", "max\n");
        write("sys/fs/cgroup/kubepods/pod1/memory.max", "268435456\n");
        write("sys/fs/cgroup/kubepods/pod1/app/memory.max", "max\n");
        write("sys/fs/cgroup/kubepods/pod1/app/memory.current", "1048576\n");

        CgroupMemory cgroup = Trees.reading(root).snapshot().cgroup();

        assertThat(cgroup.version()).isEqualTo("v2");
        assertThat(cgroup.limitBytes()).isEqualTo(268435456L);
        assertThat(cgroup.toJson()).containsEntry("limitSetBy", "/kubepods/pod1").doesNotContainKey("ownLimitBytes");
    }

    @Test
    void aPathOutsideTheNamespaceFallsBackToTheMount() throws IOException {
        write("proc/self/cgroup", "0::/../../system.slice/other.service\n");
        write("sys/fs/cgroup/cgroup.controllers", "memory\n");
        write("sys/fs/cgroup/memory.max", "1073741824\n");
        write("sys/fs/cgroup/memory.current", "4096\n");

        ContainerMemorySnapshot snapshot = Trees.reading(root).snapshot();

        assertThat(snapshot.cgroup().limitBytes()).isEqualTo(1073741824L);
        assertThat(snapshot.notes()).anySatisfy(note -> assertThat(note).contains("not visible"));
    }

    @Test
    void v1NoLimitIsAnythingFrom2To62Up() throws IOException {
        write("proc/self/cgroup", "4:memory:/\n");
        write("sys/fs/cgroup/memory/memory.limit_in_bytes", "4611686018427387904\n");
        assertThat(Trees.reading(root).snapshot().cgroup().limited()).isFalse();

        write("sys/fs/cgroup/memory/memory.limit_in_bytes", "9223372036854775807\n");
        assertThat(Trees.reading(root).snapshot().cgroup().limited()).isFalse();

        write("sys/fs/cgroup/memory/memory.limit_in_bytes", "4611686018427383808\n");
        assertThat(Trees.reading(root).snapshot().cgroup().limitBytes()).isEqualTo(4611686018427383808L);
    }

    @Test
    void aHugeFileIsReadUpToTheCap() throws IOException {
        StringBuilder status = new StringBuilder("VmRSS:\t  2048 kB\nThreads:\t7\n");
        while (status.length() < 3 * BoundedFile.MAX_BYTES) {
            status.append("Filler:\t1 kB\n");
        }
        status.append("VmSwap:\t  4 kB\n");
        write("proc/self/status", status.toString());

        ContainerMemorySnapshot snapshot = Trees.reading(root).snapshot();

        assertThat(snapshot.process().rssBytes()).isEqualTo(2048L * 1024);
        assertThat(snapshot.process().threads()).isEqualTo(7L);
        assertThat(snapshot.process().status()).doesNotContainKey("vmSwapBytes");
        assertThat(snapshot.notes()).anySatisfy(note -> assertThat(note).contains("status").contains("larger than 65536"));
    }

    @Test
    void anUnreadableFileIsANoteNotAnException() throws IOException {
        Files.createDirectories(root.resolve("proc/self/status"));   // a directory where a file should be
        write("proc/self/smaps_rollup", "Rss:   512 kB\nPss:   256 kB\n");
        write("proc/self/cgroup", "garbage\n\n::\n0::\u0000\n");

        ContainerMemorySnapshot snapshot = Trees.reading(root).snapshot();

        assertThat(snapshot.process().rssBytes()).isEqualTo(512L * 1024);   // smaps_rollup's Rss instead
        assertThat(snapshot.notes()).anySatisfy(note -> assertThat(note).contains("status").contains("unreadable"));
        assertThat(snapshot.cgroup().version()).isEqualTo("none");
    }

    @Test
    void malformedNumbersAreLeftOut() throws IOException {
        write("proc/self/cgroup", "0::/\n");
        write("sys/fs/cgroup/cgroup.controllers", "memory\n");
        write("sys/fs/cgroup/memory.max", "lots\n");
        write("sys/fs/cgroup/memory.current", "\n");
        write("sys/fs/cgroup/memory.stat", "anon 12\nfile x\nbroken\n");
        write("sys/fs/cgroup/memory.pressure", "some avg10=NaN avg60=1e400 avg300=0.10 total=-\nfull\n");

        ContainerMemorySnapshot snapshot = Trees.reading(root).snapshot();

        assertThat(snapshot.cgroup().limited()).isFalse();
        assertThat(snapshot.cgroup().usageBytes()).isNull();
        assertThat(snapshot.cgroup().toJson())
                .containsEntry("stat", java.util.Map.of("anonBytes", 12L))
                .containsEntry("pressure", java.util.Map.of(
                        "some", java.util.Map.of("avg300Percent", 0.10)));
        assertThat(snapshot.notes()).anySatisfy(note -> assertThat(note).contains("memory.max").contains("not a number"));
    }

    private void write(String relative, String text) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
