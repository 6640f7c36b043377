package dev.hatch.internal.info;

import dev.hatch.Scope;
import dev.hatch.internal.http.Capability;
import dev.hatch.internal.http.Exchange;
import dev.hatch.internal.http.Route;
import dev.hatch.internal.security.Masking;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code GET /ops/env}: the system properties and environment variables, sorted by name, with
 * secrets masked: the whole value when its name looks secret ({@code db.password},
 * {@code AWS_SECRET_ACCESS_KEY}, the words of {@code hatch.mask.keys}), and inside every other
 * value the credentials of URLs ({@code user:pass@}) and secret-looking {@code name=value}
 * pairs ({@code JAVA_TOOL_OPTIONS=-Ddb.password=…}).
 */
public final class EnvRoute implements Capability {
    private final Masking masking;

    /** Masks with the given rules. */
    public EnvRoute(Masking masking) {
        this.masking = masking;
    }

    /** The route. */
    @Override
    public List<Route> routes() {
        return List.of(Route.get(Route.PREFIX + "/env", Scope.MONITOR, "env", this::env));
    }

    private void env(Exchange ex) throws Exception {
        ex.allowOnly(Set.of());
        Map<String, String> properties = new TreeMap<>();
        Properties system = System.getProperties();
        for (String name : system.stringPropertyNames()) {
            properties.put(name, masking.value(name, system.getProperty(name)));
        }
        Map<String, String> environment = new TreeMap<>();
        System.getenv().forEach((name, value) -> environment.put(name, masking.value(name, value)));
        ex.json(200, Map.of("systemProperties", properties, "environment", environment));
    }
}
