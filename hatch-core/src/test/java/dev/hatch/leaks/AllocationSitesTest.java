package dev.hatch.leaks;

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
            // JFR samples allocations made outside thread-local buffers; arrays of 1.5 MB always are
            // (G1 humongous objects, and larger than any buffer). A few rounds make a sample certain.
            for (int round = 0; round < 5 && sites.of("[B").isEmpty(); round++) {
                for (int i = 0; i < 20; i++) {
                    kept.add(new Kept(i, new byte[3 << 19]));
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
