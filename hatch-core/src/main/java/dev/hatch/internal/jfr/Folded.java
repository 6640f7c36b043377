package dev.hatch.internal.jfr;

import java.io.IOException;
import java.io.Writer;

/**
 * Writes a {@link StackTree} as folded stacks, the format of Brendan Gregg's flamegraph.pl and
 * of async-profiler's {@code collapsed} output: one line per distinct stack, frames from the root
 * separated by {@code ;}, then a space and the weight, lines in alphabetical order.
 */
final class Folded {
    private Folded() {
    }

    static void write(StackTree tree, Writer out) throws IOException {
        StringBuilder path = new StringBuilder(1024);
        for (StackTree.Node child : tree.root.sortedChildren()) {
            write(child, path, out);
        }
        if (tree.root.self > 0) {
            // Weight that could not be placed deeper because the tree reached its size limit.
            out.write("[more stacks than Hatch keeps] " + tree.root.self + "\n");
        }
    }

    private static void write(StackTree.Node node, StringBuilder path, Writer out) throws IOException {
        int mark = path.length();
        if (mark > 0) {
            path.append(';');
        }
        path.append(node.name);
        if (node.self > 0) {
            out.append(path).append(' ').append(Long.toString(node.self)).append('\n');
        }
        for (StackTree.Node child : node.sortedChildren()) {
            write(child, path, out);
        }
        path.setLength(mark);
    }
}
