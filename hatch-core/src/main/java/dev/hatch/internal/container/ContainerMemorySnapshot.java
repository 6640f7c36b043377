package dev.hatch.internal.container;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One reading of the process's memory from three sides: the cgroup's limit and usage, the
 * process's resident memory, and what the JVM accounts for; and the difference.
 *
 * <pre>{@code
 * Map<String, Object> json = ContainerMemory.live().snapshot().toJson();
 * // {"cgroup":{"version":"v1","limited":false,...},"process":{"rssBytes":...},
 * //  "jvm":{...,"nmt":{"enabled":false}},"notAccounted":{...},"notes":[...]}
 * }</pre>
 *
 * @param cgroup the memory cgroup ({@code version "none"} when there is none)
 * @param process resident memory from /proc
 * @param jvm the JVM's figures, or null if its management beans failed
 * @param notAccounted RSS minus the JVM's figures, or null when either is unknown
 * @param notes what could not be read, in a few words each
 */
public record ContainerMemorySnapshot(
        CgroupMemory cgroup, ProcessMemory process, JvmMemory jvm, NotAccounted notAccounted, List<String> notes) {

    public ContainerMemorySnapshot {
        notes = List.copyOf(notes);
    }

    /**
     * The snapshot as nested LinkedHashMaps, ArrayLists, Strings, Longs, Booleans (and Doubles
     * for pressure averages), ready for {@link dev.hatch.internal.http.Json#write(Object)}; the
     * outer maps are fresh on every call, the cgroup's details are shared and unmodifiable.
     */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("cgroup", cgroup.toJson());
        json.put("process", process.toJson());
        if (jvm != null) {
            json.put("jvm", jvm.toJson());
        }
        if (notAccounted != null) {
            json.put("notAccounted", notAccounted.toJson());
        }
        json.put("notes", new ArrayList<>(notes));
        return json;
    }
}
