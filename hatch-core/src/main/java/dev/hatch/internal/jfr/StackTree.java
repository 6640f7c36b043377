package dev.hatch.internal.jfr;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * The stacks of a recording merged into a tree, root first, each node carrying the weight of
 * the events whose stack ends there ({@code self}) and below it ({@code total}). A tree rather
 * than a map of stack strings: shared prefixes are stored once. Bounded: past
 * {@link #MAX_NODES} nodes, an event's weight stays on the deepest node that exists.
 */
final class StackTree {
    static final int MAX_NODES = 200_000;
    static final String TRUNCATED = "[truncated]";

    final Node root = new Node("all");
    private final Map<String, String> names = new HashMap<>();
    // The parser shares method objects within a chunk: most frames are found here by identity.
    private final Map<RecordedMethod, String> methods = new java.util.IdentityHashMap<>();
    private int nodes = 1;
    private long events;
    private boolean capped;

    /** One frame on a path from the root. */
    static final class Node {
        final String name;
        long self;
        long total;
        Map<String, Node> children;

        Node(String name) {
            this.name = name;
        }

        /** Children ordered by name, the order flame graphs use. */
        List<Node> sortedChildren() {
            if (children == null) {
                return List.of();
            }
            List<Node> list = new ArrayList<>(children.values());
            list.sort((a, b) -> a.name.compareTo(b.name));
            return list;
        }
    }

    /**
     * Reads every event of the recording that the profile counts and {@code within} accepts (the
     * profile's time window: a dump holds whole chunks, which may begin earlier when another
     * recording enables the same events).
     */
    static StackTree read(Path file, ProfileEvent event, Predicate<RecordedEvent> within) throws IOException {
        StackTree tree = new StackTree();
        try (RecordingFile in = new RecordingFile(file)) {
            while (in.hasMoreEvents()) {
                RecordedEvent e = in.readEvent();
                long weight = within.test(e) ? event.weight(e) : 0;
                RecordedStackTrace stack = e.getStackTrace();
                if (weight > 0 && stack != null) {
                    tree.add(stack, event.leaf(e), weight);
                }
            }
        }
        return tree;
    }

    void add(RecordedStackTrace stack, String leaf, long weight) {
        events++;
        Node node = root;
        root.total += weight;
        if (stack.isTruncated()) {
            node = child(node, TRUNCATED, weight);
        }
        List<RecordedFrame> frames = stack.getFrames();
        for (int i = frames.size() - 1; i >= 0 && node != null; i--) {
            node = child(node, frameName(frames.get(i)), weight);
        }
        if (leaf != null && node != null) {
            node = child(node, sanitise(Frames.normalise(leaf)), weight);
        }
        if (node != null) {
            node.self += weight;
        }
    }

    private Node child(Node parent, String name, long weight) {
        if (parent.children == null) {
            parent.children = new HashMap<>(4);
        }
        Node n = parent.children.get(name);
        if (n == null) {
            if (nodes >= MAX_NODES) {
                capped = true;
                parent.self += weight;
                return null;
            }
            n = new Node(name);
            parent.children.put(name, n);
            nodes++;
        }
        n.total += weight;
        return n;
    }

    private String frameName(RecordedFrame frame) {
        RecordedMethod m = frame.getMethod();
        if (m == null) {
            return "[unknown]";
        }
        String cached = methods.get(m);
        if (cached == null) {
            if (methods.size() > MAX_NODES) {
                methods.clear();
            }
            String name = sanitise(Frames.normalise(m.getType().getName()) + "." + m.getName());
            cached = names.computeIfAbsent(name, k -> k);
            methods.put(m, cached);
        }
        return cached;
    }

    /** Folded-stack lines separate frames with ';' and the count with a space: neither may appear in a frame. */
    static String sanitise(String frame) {
        StringBuilder sb = null;
        for (int i = 0; i < frame.length(); i++) {
            char c = frame.charAt(i);
            char r = c == ';' ? ':' : Character.isWhitespace(c) || Character.isISOControl(c) ? '_' : c;
            if (r != c && sb == null) {
                sb = new StringBuilder(frame);
            }
            if (sb != null) {
                sb.setCharAt(i, r);
            }
        }
        return sb == null ? frame : sb.toString();
    }

    long events() {
        return events;
    }

    int nodes() {
        return nodes;
    }

    /** Whether some stacks were cut short because the tree reached {@link #MAX_NODES}. */
    boolean capped() {
        return capped;
    }
}
