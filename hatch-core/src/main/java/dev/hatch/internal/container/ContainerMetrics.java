package dev.hatch.internal.container;

import dev.hatch.internal.metrics.MetricsSource;
import dev.hatch.internal.metrics.MetricsWriter;

/**
 * Container memory on {@code GET /ops/metrics}: the cgroup's limit (only when there is one),
 * usage and OOM kills, the process's resident memory by kind, and NMT's committed bytes by
 * category when the JVM runs with {@code -XX:NativeMemoryTracking}. Each figure that could not be
 * read is left out, never written as zero.
 */
public final class ContainerMetrics implements MetricsSource {
    private final ContainerMemory memory;

    /** Metrics of this machine's cgroup and this process. */
    public ContainerMetrics() {
        this(ContainerMemory.live());
    }

    /** Metrics over these files and this JVM. */
    public ContainerMetrics(ContainerMemory memory) {
        this.memory = memory;
    }

    @Override
    public void collect(MetricsWriter w) {
        // Without smaps_rollup: status has the RSS split, and a scrape should not walk every mapping.
        ContainerMemorySnapshot snapshot = memory.snapshot(false);
        CgroupMemory cgroup = snapshot.cgroup();
        if (cgroup.limited()) {
            w.gauge("hatch_container_memory_limit_bytes", "Memory limit of the process's cgroup (the smallest on the way"
                    + " to the root); absent without a limit.").sample(cgroup.limitBytes());
        }
        if (cgroup.usageBytes() != null) {
            w.gauge("hatch_container_memory_usage_bytes", "Memory the process's cgroup uses (v2 memory.current,"
                    + " v1 memory.usage_in_bytes), page cache included.").sample(cgroup.usageBytes());
        }
        Long kills = cgroup.oomKills();
        if (kills != null) {
            w.counter("hatch_container_oom_kills_total", "Processes the kernel's OOM killer ended in this cgroup"
                    + " (memory.events or memory.oom_control oom_kill).").sample(kills);
        }
        // The process's resident and virtual memory come from the same read of /proc/self/status.
        java.util.Map<String, Long> status = snapshot.process().status();
        if (status.get("vmRssBytes") != null) {
            w.gauge("process_resident_memory_bytes", "Resident memory of the process.").sample(status.get("vmRssBytes"));
        }
        if (status.get("vmSizeBytes") != null) {
            w.gauge("process_virtual_memory_bytes", "Virtual memory of the process.").sample(status.get("vmSizeBytes"));
        }
        MetricsWriter.Family rss = w.gauge("hatch_process_resident_memory_bytes",
                "Resident memory of the process by kind (/proc/self/status RssAnon, RssFile, RssShmem).");
        sample(rss, snapshot.process().status().get("rssAnonBytes"), "anon");
        sample(rss, snapshot.process().status().get("rssFileBytes"), "file");
        sample(rss, snapshot.process().status().get("rssShmemBytes"), "shmem");
        JvmMemory jvm = snapshot.jvm();
        if (jvm != null && jvm.nmt().enabled()) {
            MetricsWriter.Family nmt = w.gauge("hatch_jvm_native_memory_committed_bytes",
                    "Memory the JVM has committed, by Native Memory Tracking category; present with"
                            + " -XX:NativeMemoryTracking=summary or detail.");
            jvm.nmt().categories().forEach((name, category) -> nmt.sample(category.committedBytes(), "category", name));
        }
    }

    private static void sample(MetricsWriter.Family family, Long value, String kind) {
        if (value != null) {
            family.sample(value, "kind", kind);
        }
    }
}
