package dev.hatch.internal.container;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Reads container memory: the memory cgroup (v1 or v2), the process's resident memory and the
 * JVM's own accounting, and reports what the JVM does not account for. Each {@link #snapshot()}
 * reads a few small files (each capped at 64 KiB) and the JVM's management beans on the calling
 * thread; it never throws, and what it could not read is absent and named in the notes.
 *
 * <pre>{@code
 * ContainerMemorySnapshot snapshot = ContainerMemory.live().snapshot();
 * if (snapshot.cgroup().limited()) { ... snapshot.cgroup().limitBytes() ... }
 * Map<String, Object> json = snapshot.toJson();
 * }</pre>
 */
public final class ContainerMemory {
    private static final Path CGROUP_MOUNT = Path.of("/sys/fs/cgroup");
    private static final Path PROC_SELF = Path.of("/proc/self");

    private final Path cgroupMount;
    private final Path procSelfCgroup;
    private final Path procSelf;

    private ContainerMemory(Path cgroupMount, Path procSelfCgroup, Path procSelf) {
        this.cgroupMount = Objects.requireNonNull(cgroupMount, "cgroupMount");
        this.procSelfCgroup = Objects.requireNonNull(procSelfCgroup, "procSelfCgroup");
        this.procSelf = Objects.requireNonNull(procSelf, "procSelf");
    }

    /** Reads this machine: {@code /sys/fs/cgroup}, {@code /proc/self/cgroup}, {@code /proc/self}. */
    public static ContainerMemory live() {
        return new ContainerMemory(CGROUP_MOUNT, PROC_SELF.resolve("cgroup"), PROC_SELF);
    }

    /**
     * Reads the cgroup file system mounted at {@code cgroupRoot} ({@code hatch.container.cgroup-root})
     * and this process's {@code /proc/self}.
     */
    public static ContainerMemory under(Path cgroupRoot) {
        return new ContainerMemory(cgroupRoot, PROC_SELF.resolve("cgroup"), PROC_SELF);
    }

    /**
     * Reads files elsewhere (tests, or a host that mounts cgroupfs elsewhere); the JVM figures
     * are still this JVM's.
     *
     * @param cgroupMount the cgroup mount, e.g. {@code /sys/fs/cgroup}
     * @param procSelfCgroup the file naming the process's cgroups, e.g. {@code /proc/self/cgroup}
     * @param procSelf the directory holding {@code status} and {@code smaps_rollup}
     */
    public static ContainerMemory reading(Path cgroupMount, Path procSelfCgroup, Path procSelf) {
        return new ContainerMemory(cgroupMount, procSelfCgroup, procSelf);
    }

    /** Reads everything once. Never throws; safe to call from any thread. */
    public ContainerMemorySnapshot snapshot() {
        return snapshot(true);
    }

    /** {@link #snapshot()}, without {@code smaps_rollup} when {@code smapsRollup} is false (metrics). */
    ContainerMemorySnapshot snapshot(boolean smapsRollup) {
        Notes notes = new Notes();
        CgroupMemory cgroup = readCgroup(notes);
        ProcessMemory process;
        try {
            process = ProcessMemoryReader.read(procSelf, notes, smapsRollup);
        } catch (RuntimeException e) {
            notes.add("process memory unreadable (" + e.getClass().getSimpleName() + ")");
            process = new ProcessMemory(null, null, Map.of(), Map.of());
        }
        JvmMemory jvm;
        try {
            jvm = JvmMemoryReader.read(notes);
        } catch (RuntimeException e) {
            notes.add("JVM memory figures unreadable (" + e.getClass().getSimpleName() + ")");
            jvm = null;
        }
        return new ContainerMemorySnapshot(cgroup, process, jvm, NotAccounted.of(process, jvm), notes.toList());
    }

    /**
     * {@link #snapshot()} without {@code smaps_rollup}, the one costly file (it walks every
     * mapping): what a periodic sampler reads. Never throws.
     */
    public ContainerMemorySnapshot sample() {
        return snapshot(false);
    }

    /**
     * NMT's summary text ({@code VM.native_memory summary}, through the DiagnosticCommand MBean),
     * or why there is none. Never throws.
     */
    public String nmtSummaryText() {
        Notes notes = new Notes();
        try {
            return NmtReader.text(notes).orElseGet(() -> String.join("\n", notes.toList()) + "\n");
        } catch (RuntimeException e) {
            return "NMT summary unreadable (" + e.getClass().getSimpleName() + ")\n";
        }
    }

    /** The memory cgroup alone (limit, usage, events, pressure): what a trigger polls. Never throws. */
    public CgroupMemory cgroup() {
        return readCgroup(new Notes());
    }

    /**
     * The process's resident set size ({@code VmRSS} of {@code status}), or null when it cannot
     * be read; much cheaper than a {@link #snapshot()}. Never throws.
     */
    public Long residentBytes() {
        try {
            return BoundedFile.read(procSelf.resolve("status"), new Notes())
                    .map(text -> Text.colonLines(text).get("VmRSS"))
                    .orElse(null);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private CgroupMemory readCgroup(Notes notes) {
        try {
            CgroupLocation location = CgroupLocation.locate(cgroupMount, procSelfCgroup, notes);
            return switch (location.version()) {
                case "v1" -> CgroupV1Reader.read(location, notes);
                case "v2" -> CgroupV2Reader.read(location, notes);
                default -> CgroupMemory.none(location.path());
            };
        } catch (RuntimeException e) {
            // InvalidPathException from a strange /proc line, and the like: no cgroup figures.
            notes.add("cgroup memory unreadable (" + e.getClass().getSimpleName() + ")");
            return CgroupMemory.none("/");
        }
    }
}
