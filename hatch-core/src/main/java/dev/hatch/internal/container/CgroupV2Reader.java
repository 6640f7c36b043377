package dev.hatch.internal.container;

import dev.hatch.internal.http.Json;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads a cgroup v2 directory: memory.max/current/high/peak/events/stat/pressure. */
final class CgroupV2Reader {
    /** Bounds the walk to the mount; real hierarchies are a handful of levels deep. */
    private static final int MAX_ANCESTORS = 32;

    private CgroupV2Reader() {
    }

    static CgroupMemory read(CgroupLocation location, Notes notes) {
        Path dir = location.dir();
        Map<String, Object> details = new LinkedHashMap<>();

        Long ownLimit = BoundedFile.readIfPresent(dir.resolve("memory.max"), notes)
                .map(text -> CgroupFigures.v2Limit(text, dir.resolve("memory.max"), notes))
                .orElse(null);
        Long limit = ownLimit;
        String limitFrom = ownLimit == null ? null : location.asSeen(dir);
        // A parent's memory.max binds this cgroup too; systemd slices often carry it.
        Path ancestor = dir;
        for (int depth = 0; depth < MAX_ANCESTORS && !ancestor.equals(location.mount()); depth++) {
            ancestor = ancestor.getParent();
            if (ancestor == null || !ancestor.startsWith(location.mount())) {
                break;
            }
            Path file = ancestor.resolve("memory.max");
            Long parentLimit = BoundedFile.readIfPresent(file, notes)
                    .map(text -> CgroupFigures.v2Limit(text, file, notes))
                    .orElse(null);
            if (parentLimit != null && (limit == null || parentLimit < limit)) {
                limit = parentLimit;
                limitFrom = location.asSeen(ancestor);
            }
        }
        Json.putIfPresent(details, "limitSetBy", limitFrom);
        Json.putIfPresent(details, "ownLimitBytes", ownLimit);

        BoundedFile.readIfPresent(dir.resolve("memory.high"), notes)
                .map(text -> CgroupFigures.v2Limit(text, dir.resolve("memory.high"), notes))
                .ifPresent(high -> details.put("highBytes", high));
        BoundedFile.readIfPresent(dir.resolve("memory.swap.max"), notes)
                .map(text -> CgroupFigures.v2Limit(text, dir.resolve("memory.swap.max"), notes))
                .ifPresent(swapMax -> details.put("swapLimitBytes", swapMax));
        BoundedFile.readIfPresent(dir.resolve("memory.swap.current"), notes)
                .map(Text::parseLong)
                .ifPresent(swap -> details.put("swapUsageBytes", swap));

        Long usage = BoundedFile.read(dir.resolve("memory.current"), notes).map(Text::parseLong).orElse(null);
        Long peak = BoundedFile.readIfPresent(dir.resolve("memory.peak"), notes).map(Text::parseLong).orElse(null);

        BoundedFile.read(dir.resolve("memory.events"), notes)
                .ifPresent(text -> details.put("events", CgroupFigures.counters(Text.keyNumberLines(text))));
        BoundedFile.read(dir.resolve("memory.stat"), notes)
                .ifPresent(text -> details.put("stat", CgroupFigures.stat(Text.keyNumberLines(text))));
        BoundedFile.readIfPresent(dir.resolve("memory.pressure"), notes)
                .ifPresent(text -> details.put("pressure", CgroupFigures.pressure(text)));
        return new CgroupMemory("v2", location.path(), limit, usage, peak, details);
    }
}
