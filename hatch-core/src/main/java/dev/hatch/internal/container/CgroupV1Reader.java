package dev.hatch.internal.container;

import dev.hatch.internal.http.Json;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a cgroup v1 memory directory: limit, usage, max usage, failcnt, stat, oom_control; and
 * {@code memory.pressure} from the v2 hierarchy when a hybrid host mounts one next to it.
 */
final class CgroupV1Reader {
    private CgroupV1Reader() {
    }

    static CgroupMemory read(CgroupLocation location, Notes notes) {
        Path dir = location.dir();
        Map<String, Object> details = new LinkedHashMap<>();

        Long ownLimit = CgroupFigures.v1Limit(number(dir.resolve("memory.limit_in_bytes"), notes, true));
        Map<String, Long> rawStat = BoundedFile.read(dir.resolve("memory.stat"), notes)
                .map(Text::keyNumberLines)
                .orElse(Map.of());
        // memory.stat's hierarchical_memory_limit is the smallest limit on the way to the root.
        Long hierarchical = CgroupFigures.v1Limit(rawStat.get("hierarchical_memory_limit"));
        Long limit = ownLimit;
        if (hierarchical != null && (limit == null || hierarchical < limit)) {
            limit = hierarchical;
            details.put("limitSetBy", "hierarchical_memory_limit");
        } else if (ownLimit != null) {
            details.put("limitSetBy", location.asSeen(dir));
        }
        Json.putIfPresent(details, "ownLimitBytes", ownLimit);
        Json.putIfPresent(details, "softLimitBytes",
                CgroupFigures.v1Limit(number(dir.resolve("memory.soft_limit_in_bytes"), notes, false)));
        Json.putIfPresent(details, "memorySwapLimitBytes",
                CgroupFigures.v1Limit(number(dir.resolve("memory.memsw.limit_in_bytes"), notes, false)));
        Json.putIfPresent(details, "failCount", number(dir.resolve("memory.failcnt"), notes, true));

        Long usage = number(dir.resolve("memory.usage_in_bytes"), notes, true);
        Long peak = number(dir.resolve("memory.max_usage_in_bytes"), notes, true);

        BoundedFile.read(dir.resolve("memory.oom_control"), notes).ifPresent(text -> {
            Map<String, Long> raw = Text.keyNumberLines(text);
            Map<String, Object> oom = new LinkedHashMap<>();
            Json.putIfPresent(oom, "oomKillDisable", flag(raw.get("oom_kill_disable")));
            Json.putIfPresent(oom, "underOom", flag(raw.get("under_oom")));
            Json.putIfPresent(oom, "oomKill", raw.get("oom_kill"));
            details.put("oomControl", oom);
        });
        if (!rawStat.isEmpty()) {
            details.put("stat", CgroupFigures.stat(rawStat));
        }
        if (location.v2Dir() != null) {
            BoundedFile.readIfPresent(location.v2Dir().resolve("memory.pressure"), notes)
                    .ifPresent(text -> details.put("pressure", CgroupFigures.pressure(text)));
        }
        return new CgroupMemory("v1", location.path(), limit, usage, peak, details);
    }

    private static Long number(Path file, Notes notes, boolean expected) {
        return (expected ? BoundedFile.read(file, notes) : BoundedFile.readIfPresent(file, notes))
                .map(Text::parseLong)
                .orElse(null);
    }

    private static Boolean flag(Long value) {
        return value == null ? null : value != 0;
    }
}
