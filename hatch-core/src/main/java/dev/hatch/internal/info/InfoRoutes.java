package dev.hatch.internal.info;

import dev.hatch.Hatch;
import dev.hatch.Scope;
import dev.hatch.internal.http.Capability;
import dev.hatch.internal.http.Exchange;
import dev.hatch.internal.http.Route;
import dev.hatch.internal.security.Masking;
import java.lang.management.ManagementFactory;
import java.lang.management.RuntimeMXBean;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code GET /ops} (what this token may call) and {@code GET /ops/info} (the process). */
public final class InfoRoutes implements Capability {
    private final Map<String, String> application;
    private final Masking masking;

    /**
     * @param application build information the application registered
     * @param masking the rules that mask secrets in the JVM's arguments
     */
    public InfoRoutes(Map<String, String> application, Masking masking) {
        this.application = Map.copyOf(application);
        this.masking = masking;
    }

    /** The routes. */
    @Override
    public List<Route> routes() {
        return List.of(Route.get(Route.PREFIX, null, "index", this::index),
                Route.get(Route.PREFIX + "/info", Scope.MONITOR, "info", this::info));
    }

    private void index(Exchange ex) throws Exception {
        ex.allowOnly(Set.of());
        List<Map<String, Object>> routes = new ArrayList<>();
        for (Route r : ex.routes()) {
            if (ex.principal().has(r.scope())) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("method", r.method());
                m.put("path", r.template());
                m.put("name", r.name());
                m.put("scope", r.scope() == null ? null : r.scope().id());
                if (r.publicAsset()) {
                    m.put("publicAsset", true); // served without a token: the console's own files
                }
                routes.add(m);
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("hatch", Hatch.version());
        body.put("principal", ex.principal().name());
        body.put("scopes", ex.principal().scopes().stream().map(Scope::id).sorted().toList());
        body.put("routes", routes);
        ex.json(200, body);
    }

    private void info(Exchange ex) throws Exception {
        ex.allowOnly(Set.of());
        RuntimeMXBean rt = ManagementFactory.getRuntimeMXBean();
        Map<String, Object> jvm = new LinkedHashMap<>();
        jvm.put("name", rt.getVmName());
        jvm.put("vendor", rt.getVmVendor());
        jvm.put("version", Runtime.version().toString());
        jvm.put("javaHome", System.getProperty("java.home"));
        jvm.put("availableProcessors", Runtime.getRuntime().availableProcessors());
        jvm.put("maxHeapBytes", Runtime.getRuntime().maxMemory());
        jvm.put("inputArguments", masking.arguments(rt.getInputArguments()));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("pid", ProcessHandle.current().pid());
        body.put("startTime", Instant.ofEpochMilli(rt.getStartTime()).toString());
        body.put("uptimeMs", rt.getUptime());
        body.put("jvm", jvm);
        body.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        body.put("application", application);
        body.put("hatch", Map.of("version", Hatch.version()));
        ex.json(200, body);
    }
}
