package dev.hatch.internal.http;

import dev.hatch.internal.security.Principal;
import java.util.Locale;

/**
 * "Did you mean" for a path that almost names a route: {@code /ops/heap-dump} → {@code GET
 * /ops/heapdump}, {@code POST /ops/heapdump} → {@code POST /ops/heapdumps}. Paths are compared
 * without case, dashes and underscores, with a route's path parameters bound to the request's
 * segments, by edit distance; only close matches are offered, and only routes the caller's token
 * may call (what {@code GET /ops} would list to it). Callers reach this only once authenticated.
 */
public final class RouteHints {
    private static final int MAX_DISTANCE = 2;
    private static final int MAX_PATH = 200;

    private RouteHints() {
    }

    /**
     * The closest route as {@code METHOD /path}, or {@code null} when none is close.
     *
     * @param method when not null, only routes with this method are considered
     */
    static String suggest(Router router, Principal principal, String method, String path) {
        if (path.length() > MAX_PATH) {
            return null;
        }
        String[] segments = trimmed(path).split("/", -1);
        String wanted = normal(path);
        String prefixed = wanted.startsWith(Route.PREFIX) ? null : Route.PREFIX + wanted;
        // A short path may differ only a little: "/ops/x" is no near miss of "/ops/gc".
        int tail = Math.max(1, wanted.startsWith(Route.PREFIX) ? wanted.length() - Route.PREFIX.length() : wanted.length());
        int allowed = Math.min(MAX_DISTANCE, tail / 4);
        String best = null;
        int bestScore = Integer.MAX_VALUE;
        for (Route r : router.routes()) {
            if (method != null && !r.method().equals(method) || r.publicAsset()
                    || principal != null && !principal.has(r.scope())) {
                continue;
            }
            String concrete = bind(r.template(), segments);
            if (concrete.equals(trimmed(path))) {
                continue; // the route itself, refused for a malformed parameter: no near miss
            }
            String candidate = normal(concrete);
            int d = distance(wanted, candidate, allowed);
            if (prefixed != null) {
                d = Math.min(d, distance(prefixed, candidate, allowed));
            }
            if (d > allowed) {
                continue;
            }
            int score = d * 2 + (method == null && !r.method().equals("GET") ? 1 : 0);
            if (score < bestScore) {
                bestScore = score;
                best = r.method() + " " + concrete;
            }
        }
        return best == null ? null : best.replaceAll("[^\\x20-\\x7e]", "?");
    }

    /** The template with each {@code {param}} replaced by the request's segment at that place, when the shapes agree. */
    private static String bind(String template, String[] segments) {
        String[] t = template.split("/", -1);
        if (t.length != segments.length) {
            return template;
        }
        StringBuilder b = new StringBuilder();
        for (int i = 1; i < t.length; i++) {
            b.append('/').append(t[i].startsWith("{") ? segments[i] : t[i]);
        }
        return b.toString();
    }

    private static String trimmed(String path) {
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    private static String normal(String path) {
        return trimmed(path).toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
    }

    /**
     * Levenshtein distance, or {@code limit + 1} as soon as it is sure to exceed {@code limit}
     * (the "did you mean" of routes here and of configuration keys in {@code PropertiesLoader}).
     */
    public static int distance(String a, String b, int limit) {
        if (Math.abs(a.length() - b.length()) > limit) {
            return limit + 1;
        }
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            int rowMin = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
                rowMin = Math.min(rowMin, cur[j]);
            }
            if (rowMin > limit) {
                return limit + 1;
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
