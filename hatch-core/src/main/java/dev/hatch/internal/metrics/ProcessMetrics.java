package dev.hatch.internal.metrics;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.lang.management.RuntimeMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The process as the operating system sees it: CPU time, start time, uptime, open file
 * descriptors, resident and virtual memory where the platform tells (Linux {@code /proc}), and
 * the JVM's identity. Each figure the platform does not offer is left out rather than faked.
 */
final class ProcessMetrics implements MetricsSource {
    private static final Path STATUS = Path.of("/proc/self/status");

    private final OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    private final RuntimeMXBean runtime = ManagementFactory.getRuntimeMXBean();
    private final String hatchVersion;

    ProcessMetrics(String hatchVersion) {
        this.hatchVersion = hatchVersion;
    }

    @Override
    public void collect(MetricsWriter w) {
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            long cpu = sun.getProcessCpuTime();
            if (cpu >= 0) {
                w.counter("process_cpu_seconds_total", "CPU time used by the process (user and system).").sample(cpu / 1e9);
            }
        }
        w.gauge("process_start_time_seconds", "Start time of the process since the Unix epoch.").sample(runtime.getStartTime() / 1000.0);
        w.gauge("process_uptime_seconds", "Time since the JVM started.").sample(runtime.getUptime() / 1000.0);
        if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            long open = unix.getOpenFileDescriptorCount();
            long max = unix.getMaxFileDescriptorCount();
            if (open >= 0) {
                w.gauge("process_open_fds", "Open file descriptors.").sample(open);
            }
            if (max >= 0) {
                w.gauge("process_max_fds", "Maximum number of open file descriptors.").sample(max);
            }
        }
        procStatus(w);
        w.gauge("jvm_available_processors", "Processors available to the JVM.").sample(os.getAvailableProcessors());
        double load = os.getSystemLoadAverage();
        if (load >= 0) {
            w.gauge("system_load_average_1m", "System load average over the last minute.").sample(load);
        }
        w.gauge("jvm_info", "The JVM: version, vendor and runtime name; the value is always 1.")
                .sample(1, "version", Runtime.version().toString(), "vendor", System.getProperty("java.vm.vendor", ""),
                        "runtime", System.getProperty("java.runtime.name", ""));
        w.gauge("hatch_info", "Hatch's version; the value is always 1.").sample(1, "version", hatchVersion);
    }

    /** Resident and virtual memory from {@code /proc/self/status} (kB there), where it exists. */
    private static void procStatus(MetricsWriter w) {
        if (!Files.isReadable(STATUS)) {
            return;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(STATUS);
        } catch (IOException e) {
            return;
        }
        long rss = -1;
        long virtual = -1;
        for (String line : lines) {
            if (line.startsWith("VmRSS:")) {
                rss = kilobytes(line);
            } else if (line.startsWith("VmSize:")) {
                virtual = kilobytes(line);
            }
        }
        if (rss >= 0) {
            w.gauge("process_resident_memory_bytes", "Resident memory of the process.").sample(rss);
        }
        if (virtual >= 0) {
            w.gauge("process_virtual_memory_bytes", "Virtual memory of the process.").sample(virtual);
        }
    }

    private static long kilobytes(String line) {
        String[] parts = line.trim().split("\\s+");
        try {
            return parts.length >= 2 ? Long.parseLong(parts[1]) * 1024 : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
