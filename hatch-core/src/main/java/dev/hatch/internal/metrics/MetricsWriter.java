package dev.hatch.internal.metrics;

import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Writes metric families in the Prometheus text exposition format 0.0.4: a {@code # HELP} and a
 * {@code # TYPE} line per family, then its samples, label values escaped. A family's header is
 * written with its first sample, so a family without samples leaves no trace. Not thread-safe:
 * one writer per scrape.
 */
public final class MetricsWriter {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    private final StringBuilder out = new StringBuilder(8192);
    private final Set<String> families = new HashSet<>();

    /** A gauge: a value that goes up and down, e.g. bytes in use. */
    public Family gauge(String name, String help) {
        return family(name, help, "gauge");
    }

    /** A counter: a total that only grows while the process lives; its name must end in {@code _total}. */
    public Family counter(String name, String help) {
        if (!name.endsWith("_total")) {
            throw new IllegalArgumentException("counter name must end in _total: " + name);
        }
        return family(name, help, "counter");
    }

    private Family family(String name, String help, String type) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid metric name: " + name);
        }
        if (!families.add(name)) {
            throw new IllegalStateException("metric family written twice: " + name);
        }
        return new Family(name, help, type);
    }

    /** Appends what another writer collected; its family names must not clash with these. */
    void append(MetricsWriter other) {
        for (String name : other.families) {
            if (!families.add(name)) {
                throw new IllegalStateException("metric family written twice: " + name);
            }
        }
        out.append(other.out);
    }

    @Override
    public String toString() {
        return out.toString();
    }

    /** One metric family; add samples with {@link #sample}. */
    public final class Family {
        private final String name;
        private final String help;
        private final String type;
        private boolean headerWritten;

        private Family(String name, String help, String type) {
            this.name = name;
            this.help = help;
            this.type = type;
        }

        /**
         * Adds a sample.
         *
         * @param labels alternating label names and values, e.g. {@code "area", "heap"}
         * @return this family, for more samples
         */
        public Family sample(double value, String... labels) {
            if (labels.length % 2 != 0) {
                throw new IllegalArgumentException("labels must be name/value pairs");
            }
            if (!headerWritten) {
                out.append("# HELP ").append(name).append(' ');
                escape(help, false);
                out.append("\n# TYPE ").append(name).append(' ').append(type).append('\n');
                headerWritten = true;
            }
            out.append(name);
            if (labels.length > 0) {
                out.append('{');
                for (int i = 0; i < labels.length; i += 2) {
                    if (!LABEL.matcher(labels[i]).matches() || labels[i].startsWith("__")) {
                        throw new IllegalArgumentException("invalid label name: " + labels[i]);
                    }
                    out.append(i == 0 ? "" : ",").append(labels[i]).append("=\"");
                    escape(labels[i + 1] == null ? "" : labels[i + 1], true);
                    out.append('"');
                }
                out.append('}');
            }
            out.append(' ').append(format(value)).append('\n');
            return this;
        }
    }

    private void escape(String s, boolean quotes) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '"' -> out.append(quotes ? "\\\"" : "\"");
                default -> out.append(c);
            }
        }
    }

    static String format(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }
}
