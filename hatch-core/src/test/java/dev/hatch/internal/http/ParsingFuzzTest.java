package dev.hatch.internal.http;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.hatch.Scope;
import java.util.List;
import java.util.Map;

/**
 * Fuzzes what the pipeline parses from a request: the query string, the request target against
 * the router, and JSON bodies. Only {@link Problem} (a 4xx) may come out, and path parameters
 * can never carry a separator or a dot segment. Runs its seeds as a plain test;
 * {@code JAZZER_FUZZ=1} fuzzes.
 */
class ParsingFuzzTest {
    private static final Router ROUTER = new Router(List.of(
            Route.get("/ops", null, "index", ex -> { }),
            Route.get("/ops/heapdumps/{id}", Scope.DUMP, "dump", ex -> { }),
            Route.post("/ops/loggers/{name}", Scope.OPERATE, "logger", ex -> { }),
            Route.post("/ops/repl/sessions/{id}", Scope.REPL, "eval", ex -> { })));

    @FuzzTest(maxDuration = "10s")
    void queryStringOnlyFailsWithBadRequest(FuzzedDataProvider data) {
        String raw = data.consumeRemainingAsString();
        try {
            Map<String, String> q = QueryString.parse(raw, 16);
            if (q.size() > 16) {
                throw new AssertionError("more parameters than the limit: " + q.size());
            }
        } catch (Problem p) {
            if (p.status() != 400) {
                throw new AssertionError("unexpected status " + p.status(), p);
            }
        }
    }

    @FuzzTest(maxDuration = "10s")
    void routerNeverBindsTraversal(FuzzedDataProvider data) {
        String method = data.pickValue(new String[] {"GET", "POST", "DELETE", "get", ""});
        String path = data.consumeRemainingAsString();
        Router.Match m = ROUTER.match(method, path);
        for (String value : m.params().values()) {
            if (value.contains("/") || value.contains("\\") || value.startsWith(".") || value.isEmpty() || value.length() > 128
                    || value.chars().anyMatch(c -> c < 0x20 || c > 0x7e)) {
                throw new AssertionError("bound a dangerous path parameter '" + value + "' from " + path);
            }
        }
    }

    @FuzzTest(maxDuration = "10s")
    void jsonOnlyFailsWithBadRequest(FuzzedDataProvider data) {
        String text = data.consumeRemainingAsString();
        try {
            Object v = Json.parse(text);
            String again = Json.write(v);
            Object back = Json.parse(again);
            if (!Json.write(back).equals(again)) {
                throw new AssertionError("write/parse is not stable for " + again);
            }
        } catch (Problem p) {
            if (p.status() != 400) {
                throw new AssertionError("unexpected status " + p.status(), p);
            }
        }
    }
}
