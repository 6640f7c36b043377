package dev.hatch.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Matches a method and path against the registered routes. Immutable once built. */
public final class Router {

    /** What a path parameter may look like: no separators, no dot segments, bounded. */
    private static final Pattern PARAM = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,127}");

    private final List<Route> routes;

    /** A router over these routes; two routes with the same method and template are refused. */
    public Router(List<Route> routes) {
        Set<String> seen = new LinkedHashSet<>();
        for (Route r : routes) {
            if (!seen.add(r.method() + " " + r.template())) {
                throw new IllegalArgumentException("route registered twice: " + r.method() + " " + r.template());
            }
        }
        this.routes = List.copyOf(routes);
    }

    /** Every route, in registration order. */
    public List<Route> routes() {
        return routes;
    }

    /** Finds the route for a request. */
    public Match match(String method, String path) {
        String[] segments = split(path);
        Set<String> allowed = new LinkedHashSet<>();
        for (Route route : routes) {
            Map<String, String> params = bind(split(route.template()), segments);
            if (params == null) {
                continue;
            }
            if (route.method().equals(method)) {
                return new Match(route, params, Set.of());
            }
            allowed.add(route.method());
        }
        return new Match(null, Map.of(), allowed);
    }

    private static String[] split(String path) {
        String p = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return p.split("/", -1);
    }

    private static Map<String, String> bind(String[] template, String[] path) {
        if (template.length != path.length) {
            return null;
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < template.length; i++) {
            String t = template[i];
            if (t.startsWith("{") && t.endsWith("}")) {
                if (!PARAM.matcher(path[i]).matches()) {
                    return null;
                }
                params.put(t.substring(1, t.length() - 1), path[i]);
            } else if (!t.equals(path[i])) {
                return null;
            }
        }
        return params;
    }

    /**
     * The result of matching.
     *
     * @param route the route, or {@code null} when none matched
     * @param params the bound path parameters
     * @param allowedMethods when no route matched the method but others matched the path: their methods (405)
     */
    public record Match(Route route, Map<String, String> params, Set<String> allowedMethods) {
        /** Whether the path exists under another method. */
        public boolean methodNotAllowed() {
            return route == null && !allowedMethods.isEmpty();
        }

        /** The allowed methods as an {@code Allow} header value. */
        public String allowHeader() {
            return String.join(", ", new ArrayList<>(allowedMethods));
        }
    }
}
