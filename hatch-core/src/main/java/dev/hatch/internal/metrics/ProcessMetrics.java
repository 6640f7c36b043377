package dev.hatch.internal.metrics;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.lang.management.RuntimeMXBean;

/**
 * The process as the operating system sees it: CPU time, start time, uptime, open file
 * descriptors, and the JVM's identity (resident and virtual memory come with the container
 * figures, from the same read of {@code /proc/self/status}). Each figure the platform does not offer is left out rather than faked.
 */
final class ProcessMetrics implements MetricsSource {
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

}
