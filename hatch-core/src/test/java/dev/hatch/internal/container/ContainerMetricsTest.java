package dev.hatch.internal.container;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hatch.internal.metrics.MetricsWriter;
import org.junit.jupiter.api.Test;

/**
 * The container families on the recorded trees, where the live machine (no limit, no kills)
 * cannot show them: a limit from v1 and v2, OOM kills from v1 {@code oom_control} and v2
 * {@code memory.events}, nothing invented where the files say nothing.
 */
class ContainerMetricsTest {

    private static String metrics(String tree) {
        MetricsWriter writer = new MetricsWriter();
        new ContainerMetrics(Trees.reading(Trees.tree(tree))).collect(writer);
        return writer.toString();
    }

    @Test
    void v2LimitUsageAndOomKillsFromMemoryEvents() {
        assertThat(metrics("v2-limited")).contains(
                "# TYPE hatch_container_memory_limit_bytes gauge\nhatch_container_memory_limit_bytes 536870912\n",
                "# TYPE hatch_container_memory_usage_bytes gauge\nhatch_container_memory_usage_bytes 301989888\n",
                "# TYPE hatch_container_oom_kills_total counter\nhatch_container_oom_kills_total 1\n");
    }

    @Test
    void v1LimitAndOomKillsFromOomControl() {
        assertThat(metrics("v1-limited")).contains(
                "hatch_container_memory_limit_bytes 536870912\n",
                "hatch_container_memory_usage_bytes 41652224\n",
                "hatch_container_oom_kills_total 1\n",
                "hatch_process_resident_memory_bytes{kind=\"anon\"} " + 50964 * 1024 + "\n",
                "hatch_process_resident_memory_bytes{kind=\"file\"} " + 20752 * 1024 + "\n",
                "hatch_process_resident_memory_bytes{kind=\"shmem\"} 0\n");
    }

    @Test
    void noLimitNoCgroupNoFiguresAreLeftOutNotZero() {
        assertThat(metrics("v1-hybrid-captured")).doesNotContain("hatch_container_memory_limit_bytes")
                .contains("hatch_container_memory_usage_bytes ");
        assertThat(metrics("v2-no-limit")).doesNotContain("hatch_container_memory_limit_bytes");
        assertThat(metrics("nothing")).doesNotContain("hatch_container_", "hatch_process_resident_memory_bytes");
    }
}
