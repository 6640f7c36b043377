package dev.hatch.internal.triggers;

import dev.hatch.internal.http.Json;
import dev.hatch.internal.http.Problem;
import dev.hatch.internal.leaks.Verdict;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a trigger watches and what it does, as given in the JSON body of
 * {@code PUT /ops/triggers/{name}} or a {@code hatch.trigger.NAME} property:
 * <pre>{@code
 * {"on": "old-gen", "percent": 85, "cooldown": "15m", "maxCount": 3, "maxBytes": "4g"}
 * {"on": "verdict", "verdict": "likely", "cooldown": "1h", "maxCount": 1}
 * {"on": "container", "percent": 90, "events": true, "pressure": 10, "cooldown": "15m"}
 * }</pre>
 *
 * @param name the trigger's name
 * @param on {@code old-gen}: at the end of a collection whose old-generation usage after it is
 *     at least {@code percent} of its maximum; {@code verdict}: when the leak verdict reaches
 *     {@code verdict}; {@code container}: when the memory cgroup's usage reaches {@code percent}
 *     of its limit, when {@code memory.events} counts a new {@code high}, {@code max},
 *     {@code oom} or {@code oom_kill} (v1: {@code failcnt} or {@code oom_kill} rises), or when
 *     memory pressure ({@code some avg10}) reaches {@code pressure} percent; checked every second
 * @param percent threshold for {@code old-gen} (1–100, required) and {@code container} (1–100,
 *     default 90; never fires without a limit)
 * @param oldCollectionsOnly for {@code old-gen}: count only collections that collected the old
 *     generation ({@code "collections": "old"}) rather than any ({@code "any"}, the default)
 * @param verdict threshold for {@code verdict}
 * @param live whether the dump holds only reachable objects (default true)
 * @param cooldown the shortest time between two firings (default 15m)
 * @param maxCount how many times it may fire at all (default 3)
 * @param maxBytes the most its stored dumps may use on disk, or -1 for the store's quota only
 * @param enabled whether it is armed (default true)
 * @param action {@code heapdump} (stores a heap dump; the default for {@code old-gen} and
 *     {@code verdict}) or {@code bundle} (stores a small memory bundle at once: container and
 *     RSS breakdown, NMT summary, class histogram without a collection, thread dump, the last
 *     five minutes of the continuous JFR recording; the default for {@code container})
 * @param events for {@code container}: whether new {@code memory.events} counts fire it (default true)
 * @param pressurePercent for {@code container}: memory pressure ({@code some avg10}, percent of
 *     wall time stalled) that fires it, 0 for never (default 10)
 */
public record TriggerSpec(String name, String on, int percent, boolean oldCollectionsOnly, Verdict verdict, boolean live,
                          Duration cooldown, int maxCount, long maxBytes, boolean enabled, String action, boolean events,
                          int pressurePercent) {

    /** Trigger names: what a path segment may hold. */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Set<String> FIELDS = Set.of("on", "percent", "collections", "verdict", "action", "live", "cooldown",
            "maxCount", "maxBytes", "enabled", "events", "pressure");

    /**
     * Parses and validates a definition.
     *
     * @throws Problem 400 naming the first thing wrong
     */
    public static TriggerSpec parse(String name, String json) {
        if (!NAME.matcher(name).matches()) {
            throw Problem.badRequest("a trigger name is 1-64 letters, digits, '_' or '-'");
        }
        Map<String, Object> m = Json.parseObject(json);
        for (String k : m.keySet()) {
            if (!FIELDS.contains(k)) {
                throw Problem.badRequest("unknown field '" + k + "'; allowed: " + String.join(", ", new java.util.TreeSet<>(FIELDS)));
            }
        }
        String on = JsonFields.text(m, "on", null);
        if (on == null) {
            throw Problem.badRequest("'on' is required: old-gen, verdict or container");
        }
        String action = JsonFields.text(m, "action", on.equals("container") ? "bundle" : "heapdump");
        if (!action.equals("heapdump") && !action.equals("bundle")) {
            throw Problem.badRequest("action must be heapdump or bundle");
        }
        boolean events = false;
        int pressure = 0;
        int percent = 0;
        boolean oldOnly = false;
        Verdict verdict = null;
        switch (on) {
            case "old-gen" -> {
                percent = (int) JsonFields.number(m, "percent", -1, 1, 100);
                if (percent < 0) {
                    throw Problem.badRequest("'percent' (1-100) is required for on=old-gen");
                }
                String collections = JsonFields.text(m, "collections", "any");
                if (!collections.equals("any") && !collections.equals("old")) {
                    throw Problem.badRequest("collections must be any or old");
                }
                oldOnly = collections.equals("old");
                reject(m, "verdict", on);
                reject(m, "events", on);
                reject(m, "pressure", on);
            }
            case "verdict" -> {
                String v = JsonFields.text(m, "verdict", null);
                if (v == null) {
                    throw Problem.badRequest("'verdict' (watch, suspected or likely) is required for on=verdict");
                }
                try {
                    verdict = Verdict.parse(v);
                } catch (IllegalArgumentException e) {
                    throw Problem.badRequest("verdict must be watch, suspected or likely");
                }
                if (verdict == Verdict.NONE) {
                    throw Problem.badRequest("verdict must be watch, suspected or likely; none would fire all the time");
                }
                reject(m, "percent", on);
                reject(m, "collections", on);
                reject(m, "events", on);
                reject(m, "pressure", on);
            }
            case "container" -> {
                percent = (int) JsonFields.number(m, "percent", 90, 1, 100);
                events = JsonFields.bool(m, "events", true);
                pressure = (int) JsonFields.number(m, "pressure", 10, 0, 100);
                reject(m, "verdict", on);
                reject(m, "collections", on);
            }
            default -> throw Problem.badRequest("'on' must be old-gen, verdict or container");
        }
        Duration cooldown = JsonFields.duration(m, "cooldown", Duration.ofMinutes(15));
        if (cooldown.toMillis() < 1000) {
            throw Problem.badRequest("cooldown must be at least 1s");
        }
        int maxCount = (int) JsonFields.number(m, "maxCount", 3, 1, 1000);
        long maxBytes = JsonFields.size(m, "maxBytes");
        if (action.equals("bundle")) {
            if (m.containsKey("live")) {
                throw Problem.badRequest("'live' does not apply to action=bundle (a bundle holds no heap dump)");
            }
        }
        return new TriggerSpec(name, on, percent, oldOnly, verdict, JsonFields.bool(m, "live", true), cooldown, maxCount, maxBytes,
                JsonFields.bool(m, "enabled", true), action, events, pressure);
    }

    /** The definition as JSON, as GET returns it. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("on", on);
        if (on.equals("old-gen")) {
            m.put("percent", percent);
            m.put("collections", oldCollectionsOnly ? "old" : "any");
        } else if (on.equals("container")) {
            m.put("percent", percent);
            m.put("events", events);
            m.put("pressure", pressurePercent);
        } else {
            m.put("verdict", verdict);
        }
        m.put("action", action);
        if (action.equals("heapdump")) {
            m.put("live", live);
        }
        m.put("cooldown", cooldown.toString());
        m.put("maxCount", maxCount);
        m.put("maxBytes", maxBytes < 0 ? null : maxBytes);
        m.put("enabled", enabled);
        return m;
    }

    /** A one-line description of the condition, for the audit log. */
    public String condition() {
        return switch (on) {
            case "old-gen" -> "old generation >= " + percent + "% of max after " + (oldCollectionsOnly ? "an old" : "any") + " collection";
            case "container" -> "container memory >= " + percent + "% of the limit" + (events ? ", a new memory.events count" : "")
                    + (pressurePercent > 0 ? ", memory pressure >= " + pressurePercent + "%" : "");
            default -> "leak verdict >= " + verdict;
        };
    }

    private static void reject(Map<String, Object> m, String field, String on) {
        if (m.containsKey(field)) {
            throw Problem.badRequest("'" + field + "' does not apply to on=" + on);
        }
    }
}
