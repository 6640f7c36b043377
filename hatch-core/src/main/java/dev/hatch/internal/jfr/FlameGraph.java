package dev.hatch.internal.jfr;

import dev.hatch.internal.http.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link StackTree} as one self-contained HTML page: the template's inline CSS and
 * script draw the graph (click to zoom, regular-expression search, reset); nothing is loaded
 * from anywhere else. Frame names travel as JSON strings with {@code <} and {@code >} escaped,
 * so a frame cannot close the script element, and the page shows them as text only.
 */
final class FlameGraph {
    private static final String MARKER = "/*HATCH_DATA*/null";
    private static final String TEMPLATE = load();

    private FlameGraph() {
    }

    static void write(StackTree tree, String title, String unit, Writer out) throws IOException {
        int at = TEMPLATE.indexOf(MARKER);
        out.write(TEMPLATE, 0, at);
        Map<String, Integer> ids = new HashMap<>();
        List<String> names = new ArrayList<>();
        StringBuilder treeJson = new StringBuilder(64 * 1024);
        node(tree.root, ids, names, treeJson);
        out.write("{\"title\":");
        Json.quote(title, out);
        out.write(",\"unit\":");
        Json.quote(unit, out);
        out.write(",\"names\":[");
        for (int i = 0; i < names.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            Json.quote(names.get(i), out);
        }
        out.write("],\"tree\":");
        out.append(treeJson);
        out.write('}');
        out.write(TEMPLATE, at + MARKER.length(), TEMPLATE.length() - at - MARKER.length());
    }

    /** A node as {@code [nameIndex, total, [children...]]}, the children array left out for a leaf. */
    private static void node(StackTree.Node n, Map<String, Integer> ids, List<String> names, StringBuilder out) {
        Integer id = ids.get(n.name);
        if (id == null) {
            id = names.size();
            ids.put(n.name, id);
            names.add(n.name);
        }
        out.append('[').append(id).append(',').append(n.total);
        List<StackTree.Node> children = n.sortedChildren();
        if (!children.isEmpty()) {
            out.append(",[");
            for (int i = 0; i < children.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                node(children.get(i), ids, names, out);
            }
            out.append(']');
        }
        out.append(']');
    }

    private static String load() {
        try (InputStream in = FlameGraph.class.getResourceAsStream("flamegraph.html")) {
            if (in == null) {
                throw new IllegalStateException("flamegraph.html is missing from the Hatch jar");
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (!text.contains(MARKER)) {
                throw new IllegalStateException("flamegraph.html has no data marker");
            }
            return text;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
