package dev.hatch.internal.loggers;

import dev.hatch.Scope;
import dev.hatch.internal.http.Capability;
import dev.hatch.internal.http.Exchange;
import dev.hatch.internal.http.Json;
import dev.hatch.internal.http.Problem;
import dev.hatch.internal.http.Route;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code GET /ops/loggers} lists every logger with its configured and effective level, for
 * java.util.logging always and for Logback and Log4j 2 when the application uses them.
 * {@code POST /ops/loggers/{name}} with {@code {"level":"DEBUG","revertAfter":"10m"}} changes a
 * level, optionally for a while only. The root logger is {@code ROOT} in every framework.
 */
public final class LoggerRoutes implements Capability {
    static final Duration MIN_REVERT = Duration.ofMillis(100);
    static final Duration MAX_REVERT = Duration.ofHours(24);

    private final LoggingFrameworks frameworks;
    private final LevelChanges changes = new LevelChanges();
    private final Function<String, Duration> durations;

    /**
     * @param loader the application's class loader, where Logback and Log4j are looked for
     *     (besides the system class loader and Hatch's own)
     * @param durations parses {@code revertAfter}: {@code 10m}, {@code 300ms} or ISO-8601 {@code PT10M}
     */
    public LoggerRoutes(ClassLoader loader, Function<String, Duration> durations) {
        this.frameworks = new LoggingFrameworks(loader);
        this.durations = durations;
    }

    /** The routes. */
    @Override
    public List<Route> routes() {
        return List.of(Route.get(Route.PREFIX + "/loggers", Scope.MONITOR, "loggers", this::list),
                Route.post(Route.PREFIX + "/loggers/{name}", Scope.OPERATE, "logger-level", this::change));
    }

    private void list(Exchange ex) throws Exception {
        ex.allowOnly(Set.of("framework", "prefix"));
        String prefix = ex.query("prefix");
        List<LoggingBackend> present = frameworks.present();
        List<LoggingBackend> shown = ex.query("framework") == null ? present : List.of(frameworks.choose(present, ex.query("framework")));
        List<Map<String, Object>> loggers = new ArrayList<>();
        for (LoggingBackend b : shown) {
            List<LoggingBackend.LoggerState> states = new ArrayList<>(b.loggers());
            states.sort(Comparator.comparing(s -> s.name().equals(LoggingBackend.ROOT) ? "" : s.name()));
            for (LoggingBackend.LoggerState s : states) {
                if (prefix == null || s.name().startsWith(prefix)) {
                    loggers.add(describe(b, s));
                }
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("frameworks", present.stream().map(LoggingBackend::id).toList());
        body.put("defaultFramework", frameworks.defaultId(present));
        body.put("levels", List.of(LogLevel.values()));
        body.put("loggers", loggers);
        ex.json(200, body);
    }

    private void change(Exchange ex) throws Exception {
        ex.allowOnly(Set.of("framework"));
        String name = ex.pathParam("name");
        Map<String, Object> req = Json.parseObject(ex.jsonBody());
        for (String key : req.keySet()) {
            if (!Set.of("level", "revertAfter", "framework").contains(key)) {
                throw Problem.badRequest("unknown field '" + key + "'; fields: level, revertAfter, framework");
            }
        }
        if (!req.containsKey("level")) {
            throw Problem.badRequest("field 'level' is required: TRACE, DEBUG, INFO, WARN, ERROR, OFF, or null to inherit");
        }
        Object levelField = req.get("level");
        if (levelField != null && !(levelField instanceof String)) {
            throw Problem.badRequest("field 'level' must be a string or null");
        }
        LogLevel level = levelField == null ? null : LogLevel.parse((String) levelField);
        Duration revertAfter = revertAfter(req.get("revertAfter"));
        String framework = framework(ex.query("framework"), req.get("framework"));
        LoggingBackend backend = frameworks.choose(frameworks.present(), framework);
        ex.audit("framework", backend.id());
        ex.audit("logger", name);
        ex.audit("level", level);
        ex.audit("revertAfter", revertAfter == null ? null : revertAfter.toString());
        LevelChanges.Result r = changes.apply(backend, name, level, revertAfter);
        Map<String, Object> body = describe(backend, backend.logger(name));
        body.put("previousLevel", normalised(backend, r.previous() == null ? null : r.previous().toString()));
        ex.json(200, body);
    }

    private Map<String, Object> describe(LoggingBackend b, LoggingBackend.LoggerState s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("framework", b.id());
        m.put("name", s.name());
        m.put("configuredLevel", normalised(b, s.configured()));
        m.put("effectiveLevel", normalised(b, s.effective()));
        if (s.configured() != null && !s.configured().equals(String.valueOf(normalised(b, s.configured())))
                || !s.effective().equals(String.valueOf(normalised(b, s.effective())))) {
            m.put("nativeConfiguredLevel", s.configured());
            m.put("nativeEffectiveLevel", s.effective());
        }
        LevelChanges.Pending p = changes.pending(b.id(), s.name());
        if (p != null) {
            m.put("revertAt", p.at().toString());
            m.put("revertTo", normalised(b, p.original() == null ? null : p.original().toString()));
        }
        return m;
    }

    private static Object normalised(LoggingBackend b, String nativeName) {
        if (nativeName == null) {
            return null;
        }
        LogLevel l = b.normalise(nativeName);
        return l == null ? nativeName : l;
    }

    private Duration revertAfter(Object field) {
        if (field == null) {
            return null;
        }
        if (!(field instanceof String text)) {
            throw Problem.badRequest("field 'revertAfter' must be a string such as \"10m\" or \"PT10M\"");
        }
        Duration d;
        try {
            d = durations.apply(text);
        } catch (RuntimeException e) {
            throw Problem.badRequest("field 'revertAfter' must be a duration such as 300ms, 10m, 2h or PT10M");
        }
        if (d.compareTo(MIN_REVERT) < 0 || d.compareTo(MAX_REVERT) > 0) {
            throw Problem.badRequest("field 'revertAfter' must be between 100ms and 24h");
        }
        return d;
    }

    private static String framework(String query, Object field) {
        if (field != null && !(field instanceof String)) {
            throw Problem.badRequest("field 'framework' must be a string: jul, logback or log4j2");
        }
        String body = (String) field;
        if (query != null && body != null && !query.equals(body)) {
            throw Problem.badRequest("the framework query parameter and the framework field disagree");
        }
        return query != null ? query : body;
    }

    /** Reverts every pending temporary change and stops the revert thread. */
    @Override
    public void close() {
        changes.close();
    }
}
