package dev.hatch.internal.container;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/** NmtParser against summaries captured from real JDK 17 and JDK 25 JVMs (resources/container/nmt). */
class NmtParserTest {

    @Test
    void jdk17SummaryInBytes() throws IOException {
        NmtParser.Parsed parsed = NmtParser.parse(nmt("jdk17-summary-scale-b.txt")).orElseThrow();

        assertThat(parsed.totalReservedBytes()).isEqualTo(8034870020L);
        assertThat(parsed.totalCommittedBytes()).isEqualTo(503030532L);
        assertThat(parsed.categories()).hasSize(21);
        assertThat(List.copyOf(parsed.categories().keySet())).startsWith("Java Heap", "Class", "Thread", "Code", "GC");
        assertThat(parsed.categories())
                .containsEntry("Java Heap", new NmtSummary.Category(6320816128L, 406847488L))
                .containsEntry("Class", new NmtSummary.Category(1074017767L, 1848807L))
                .containsEntry("Thread", new NmtSummary.Category(19973824L, 820928L))
                .containsEntry("Code", new NmtSummary.Category(253878696L, 7975336L))
                .containsEntry("GC", new NmtSummary.Category(273596406L, 54132726L))
                .containsEntry("Other", new NmtSummary.Category(10240L, 10240L))
                .containsEntry("Native Memory Tracking", new NmtSummary.Category(1172600L, 1172600L))
                .containsEntry("Object Monitors", new NmtSummary.Category(624L, 624L));
        assertCategoriesAddUpToTotal(parsed);
    }

    @Test
    void jdk25SummaryInBytesWithItsNewFields() throws IOException {
        NmtParser.Parsed parsed = NmtParser.parse(nmt("jdk25-summary-scale-b.txt")).orElseThrow();

        assertThat(parsed.totalReservedBytes()).isEqualTo(7927232518L);
        assertThat(parsed.totalCommittedBytes()).isEqualTo(498960390L);
        assertThat(parsed.categories()).hasSize(23);
        assertThat(parsed.categories())
                .containsEntry("Java Heap", new NmtSummary.Category(6320816128L, 402653184L))
                .containsEntry("GCCardSet", new NmtSummary.Category(360L, 360L))
                .containsEntry("Statistics", new NmtSummary.Category(128L, 128L))
                // "(reserved=16777312, committed=14241888, readonly=0)": a field after committed
                .containsEntry("Shared class space", new NmtSummary.Category(16777312L, 14241888L))
                .containsEntry("Other", new NmtSummary.Category(34816L, 34816L));
        assertCategoriesAddUpToTotal(parsed);
    }

    @Test
    void defaultScaleIsKibAndIsConvertedToBytes() throws IOException {
        NmtParser.Parsed jdk17 = NmtParser.parse(nmt("jdk17-summary-default-scale.txt")).orElseThrow();
        assertThat(jdk17.totalCommittedBytes()).isEqualTo(490433L * 1024);
        assertThat(jdk17.categories().get("Java Heap")).isEqualTo(new NmtSummary.Category(6172672L * 1024, 397312L * 1024));
        assertThat(jdk17.categories().get("Thread")).isEqualTo(new NmtSummary.Category(19506L * 1024, 802L * 1024));

        NmtParser.Parsed jdk25 = NmtParser.parse(nmt("jdk25-summary-default-scale.txt")).orElseThrow();
        assertThat(jdk25.totalCommittedBytes()).isEqualTo(486980L * 1024);
        assertThat(jdk25.categories().get("Java Heap")).isEqualTo(new NmtSummary.Category(6172672L * 1024, 393216L * 1024));
        assertThat(jdk25.categories().get("Other")).isEqualTo(new NmtSummary.Category(34L * 1024, 34L * 1024));
    }

    @Test
    void directBuffersLandInOther() throws IOException {
        NmtParser.Parsed parsed = NmtParser.parse(nmt("jdk17-summary-scale-b-64m-direct.txt")).orElseThrow();
        assertThat(parsed.categories().get("Other").committedBytes()).isGreaterThanOrEqualTo(64L << 20);
    }

    @Test
    void notEnabledAndGarbageParseToNothing() throws IOException {
        assertThat(NmtParser.parse(nmt("not-enabled.txt"))).isEmpty();
        assertThat(NmtParser.parse("")).isEmpty();
        assertThat(NmtParser.parse("-  Java Heap (reserved=1, committed=1)\n")).isEmpty();
        assertThat(NmtParser.parse("Total: reserved=99999999999999999999, committed=1\n")).isEmpty();
    }

    @Test
    void summaryJsonNamesCategoriesAndBytes() throws IOException {
        NmtParser.Parsed parsed = NmtParser.parse(nmt("jdk25-summary-scale-b.txt")).orElseThrow();
        NmtSummary summary = new NmtSummary(true, "summary", parsed.totalReservedBytes(), parsed.totalCommittedBytes(), parsed.categories());

        assertThat(summary.toJson())
                .containsEntry("enabled", true)
                .containsEntry("mode", "summary")
                .containsEntry("totalCommittedBytes", 498960390L)
                .extractingByKey("categories")
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("Thread", java.util.Map.of("reservedBytes", 18933536L, "committedBytes", 796448L));
        assertThat(NmtSummary.disabled("off").toJson()).containsOnlyKeys("enabled", "mode").containsEntry("enabled", false);
    }

    private static void assertCategoriesAddUpToTotal(NmtParser.Parsed parsed) {
        long reserved = parsed.categories().values().stream().mapToLong(NmtSummary.Category::reservedBytes).sum();
        long committed = parsed.categories().values().stream().mapToLong(NmtSummary.Category::committedBytes).sum();
        assertThat(reserved).isEqualTo(parsed.totalReservedBytes());
        assertThat(committed).isEqualTo(parsed.totalCommittedBytes());
    }

    private static String nmt(String name) throws IOException {
        return Files.readString(Trees.tree("nmt").resolve(name), StandardCharsets.UTF_8);
    }
}
