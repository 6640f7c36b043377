package dev.hatch.internal.leaks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("multi-jdk")
class AllocationSitesTest {

    /** What the test keeps alive. */
    record Kept(long n, byte[] payload) {
    }

    @Test
    void oldObjectSamplesNameWhereTheRetainedObjectsWereAllocated() throws Exception {
        Path dir = Files.createTempDirectory("hatch-sites");
        List<Kept> kept = new ArrayList<>();
        try (AllocationSites sites = new AllocationSites(dir)) {
            sites.start();
            // JFR samples allocations made outside thread-local buffers; arrays of 4 MB always are
            // (larger than any buffer, humongous for G1 up to 8 MB regions). Sampling is random,
            // and in a JVM shared with other tests a round can miss: keep trying, up to 1 GB kept.
            for (int round = 0; round < 25 && sites.of("[B").isEmpty(); round++) {
                for (int i = 0; i < 10; i++) {
                    kept.add(new Kept(i, new byte[4 << 20]));
                }
                sites.refresh();
            }
            assertThat(sites.of("[B")).isNotEmpty().first().asString()
                    .startsWith(AllocationSitesTest.class.getName() + ".oldObjectSamplesNameWhereTheRetainedObjectsWereAllocated(line ");
            assertThat(sites.of("no.such.Class")).isEmpty();
            try (var files = Files.list(dir)) {
                assertThat(files).as("the dump file is gone").isEmpty();
            }
        } finally {
            Files.deleteIfExists(dir);
        }
        assertThat(kept).isNotEmpty();
    }
}
