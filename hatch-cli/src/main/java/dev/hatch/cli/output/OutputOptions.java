package dev.hatch.cli.output;

import dev.hatch.internal.http.Json;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code --json}, and the one place where a command prints JSON. A picocli mixin of the root
 * command; the option is inherited, so {@code hatch status --json} works too.
 *
 * <p>A document is printed as one line of compact JSON. It is a server's answer as it came
 * ({@link Raw}), or an object or array composed of such answers and plain values
 * ({@link #object}, a {@code List}), whose strings are quoted and escaped:
 * {@code output.printJson(out, OutputOptions.object("file", path, "bytes", n))}.
 */
public final class OutputOptions {
    @Option(names = "--json", scope = ScopeType.INHERIT, description = "Print the server's JSON as it is, for scripts.")
    boolean json;

    /** JSON text kept as it came (a server's answer), printed unchanged. */
    public record Raw(String text) {
    }

    /** Whether {@code --json} was given: print JSON for a script rather than text for a person. */
    public boolean json() {
        return json;
    }

    /**
     * Prints the document when {@code --json} was given.
     *
     * @return whether it printed it; when not, the caller prints its readable form
     */
    public boolean printJson(PrintStream out, Object document) {
        if (json) {
            out.println(render(document));
        }
        return json;
    }

    /** Prints the document with {@code --json}; else {@code readable} prints the result for a person. */
    public void print(PrintStream out, Object document, Consumer<PrintStream> readable) {
        if (!printJson(out, document)) {
            readable.accept(out);
        }
    }

    /** {@link #printJson(PrintStream, Object)} on a terminal's writer (the REPL), flushed. */
    public boolean printJson(PrintWriter out, Object document) {
        if (json) {
            out.println(render(document));
            out.flush();
        }
        return json;
    }

    /** An object with the given members, in order: name, value, name, value... */
    public static Map<String, Object> object(Object... namesAndValues) {
        Map<String, Object> members = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            members.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return members;
    }

    /** The document as compact JSON. */
    static String render(Object document) {
        StringBuilder sb = new StringBuilder(256);
        write(document, sb);
        return sb.toString();
    }

    private static void write(Object value, StringBuilder sb) {
        if (value instanceof Raw raw) {
            sb.append(raw.text());
        } else if (value instanceof Map<?, ?> map) {
            sb.append('{');
            String separator = "";
            for (Map.Entry<?, ?> e : map.entrySet()) {
                sb.append(separator);
                Json.write(String.valueOf(e.getKey()), sb);
                sb.append(':');
                write(e.getValue(), sb);
                separator = ",";
            }
            sb.append('}');
        } else if (value instanceof List<?> list) {
            sb.append('[');
            String separator = "";
            for (Object element : list) {
                sb.append(separator);
                write(element, sb);
                separator = ",";
            }
            sb.append(']');
        } else {
            Json.write(value, sb);
        }
    }
}
