package dev.hatch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every route and the scope it needs, pinned here as data: the security tests walk this table,
 * not the endpoint's own index, so a route registered with the wrong scope, or missing from the
 * index, fails them. {@code docs/security-model.md} shows the same table ("Routes and their
 * scopes"), and a test holds the three (this table, the index, the document) equal.
 */
public final class RouteTable {
    /** One route: its method, path template and scope ({@code null}: any valid token). */
    public record Entry(String method, String path, String scope) {
        /** The path with every {@code {parameter}} replaced by {@code value}. */
        public String sample(String value) {
            return path.replaceAll("\\{[^}]+}", value);
        }

        @Override
        public String toString() {
            return method + " " + path + " " + (scope == null ? "any" : scope);
        }
    }

    /** The routes of an endpoint with the REPL enabled; the console's public files are not here. */
    public static final List<Entry> ROUTES = List.of(
            new Entry("GET", "/ops", null),
            new Entry("GET", "/ops/health", "monitor"),
            new Entry("GET", "/ops/info", "monitor"),
            new Entry("GET", "/ops/env", "monitor"),
            new Entry("GET", "/ops/threads", "monitor"),
            new Entry("GET", "/ops/threads/deadlocks", "monitor"),
            new Entry("GET", "/ops/threads/busiest", "monitor"),
            new Entry("GET", "/ops/memory", "monitor"),
            new Entry("GET", "/ops/leaks", "monitor"),
            new Entry("GET", "/ops/memory/container", "monitor"),
            new Entry("GET", "/ops/metrics", "monitor"),
            new Entry("GET", "/ops/loggers", "monitor"),
            new Entry("GET", "/ops/histogram", "dump"),
            new Entry("GET", "/ops/heapdump", "dump"),
            new Entry("POST", "/ops/heapdumps", "dump"),
            new Entry("GET", "/ops/heapdumps", "dump"),
            new Entry("GET", "/ops/heapdumps/{id}", "dump"),
            new Entry("DELETE", "/ops/heapdumps/{id}", "dump"),
            new Entry("GET", "/ops/profile", "dump"),
            new Entry("GET", "/ops/jfr", "dump"),
            new Entry("POST", "/ops/gc", "operate"),
            new Entry("POST", "/ops/memory/trim", "operate"),
            new Entry("POST", "/ops/loggers/{name}", "operate"),
            new Entry("GET", "/ops/commands", "operate"),
            new Entry("POST", "/ops/commands/{name}", "operate"),
            new Entry("GET", "/ops/triggers", "operate"),
            new Entry("PUT", "/ops/triggers/{name}", "admin"),
            new Entry("DELETE", "/ops/triggers/{name}", "admin"),
            new Entry("GET", "/ops/audit", "admin"),
            new Entry("POST", "/ops/repl/sessions", "repl"),
            new Entry("GET", "/ops/repl/sessions", "repl"),
            new Entry("POST", "/ops/repl/sessions/{id}", "repl"),
            new Entry("DELETE", "/ops/repl/sessions/{id}", "repl"));

    private static final Pattern DOC_ROW = Pattern.compile("^\\| `(GET|POST|PUT|DELETE) (/ops[^`]*)` \\| (any|monitor|dump|operate|admin|repl) \\|");

    private RouteTable() {
    }

    /** The routes an index ({@code GET /ops}, read by {@link JsonTree}) lists; the console's public files are left out. */
    public static List<Entry> fromIndex(String indexJson) {
        List<Entry> served = new ArrayList<>();
        for (java.util.Map<String, Object> r : JsonTree.maps(JsonTree.parse(indexJson).get("routes"))) {
            if (!Boolean.TRUE.equals(r.get("publicAsset"))) {
                served.add(new Entry((String) r.get("method"), (String) r.get("path"), (String) r.get("scope")));
            }
        }
        return served;
    }

    /** The rows of the "Routes and their scopes" table in {@code docs/security-model.md}. */
    public static List<Entry> fromSecurityModel(Path doc) throws IOException {
        List<Entry> rows = new ArrayList<>();
        for (String line : Files.readAllLines(doc)) {
            Matcher m = DOC_ROW.matcher(line);
            if (m.find()) {
                rows.add(new Entry(m.group(1), m.group(2), m.group(3).equals("any") ? null : m.group(3)));
            }
        }
        return rows;
    }
}
