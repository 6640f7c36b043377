package dev.hatch.internal.http;

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
    /** Each route's template split into segments once, parallel to {@link #routes}. */
    private final String[][] templates;

    /** A router over these routes; two routes with the same method and template are refused. */
    public Router(List<Route> routes) {
        Set<String> seen = new LinkedHashSet<>();
        for (Route r : routes) {
            if (!seen.add(r.method() + " " + r.template())) {
                throw new IllegalArgumentException("route registered twice: " + r.method() + " " + r.template());
            }
        }
        this.routes = List.copyOf(routes);
        this.templates = this.routes.stream().map(r -> split(r.template())).toArray(String[][]::new);
    }

    /** Every route, in registration order. */
    public List<Route> routes() {
        return routes;
    }

    /** Finds the route for a request. */
    public Match match(String method, String path) {
        String[] segments = split(path);
        Set<String> allowed = null;
        for (int i = 0; i < templates.length; i++) {
            if (!matches(templates[i], segments)) {
                continue;
            }
            Route route = routes.get(i);
            if (route.method().equals(method)) {
                return new Match(route, params(templates[i], segments), Set.of());
            }
            if (allowed == null) {
                allowed = new LinkedHashSet<>();
            }
            allowed.add(route.method());
        }
        return new Match(null, Map.of(), allowed == null ? Set.of() : allowed);
    }

    private static String[] split(String path) {
        String p = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return p.split("/", -1);
    }

    private static boolean isParam(String segment) {
        return segment.startsWith("{") && segment.endsWith("}");
    }

    private static boolean matches(String[] template, String[] path) {
        if (template.length != path.length) {
            return false;
        }
        for (int i = 0; i < template.length; i++) {
            String t = template[i];
            if (isParam(t) ? !PARAM.matcher(path[i]).matches() : !t.equals(path[i])) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, String> params(String[] template, String[] path) {
        Map<String, String> params = null;
        for (int i = 0; i < template.length; i++) {
            if (isParam(template[i])) {
                if (params == null) {
                    params = new LinkedHashMap<>(4);
                }
                params.put(template[i].substring(1, template[i].length() - 1), path[i]);
            }
        }
        return params == null ? Map.of() : params;
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
