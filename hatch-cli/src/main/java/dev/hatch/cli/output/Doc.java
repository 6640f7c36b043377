package dev.hatch.cli.output;

import dev.hatch.internal.http.Json;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A forgiving view of a parsed JSON document: a missing member or one of another type reads as
 * missing instead of failing, so that a newer or older server with a slightly different answer
 * still prints what can be printed.
 */
public final class Doc {
    private static final Doc MISSING = new Doc(null);
    private final Object value;

    private Doc(Object value) {
        this.value = value;
    }

    /** Parses JSON text; a malformed answer is a clear failure, not a stack trace. */
    public static Doc parse(String text, String what) {
        try {
            return new Doc(Json.parse(text));
        } catch (RuntimeException e) {
            throw CliException.failed(what + " did not answer with JSON: " + Text.line(e.getMessage(), 120));
        }
    }

    public static Doc of(Object value) {
        return value == null ? MISSING : new Doc(value);
    }

    /** The member {@code key} of an object, or missing. */
    public Doc get(String key) {
        return value instanceof Map<?, ?> m ? of(m.get(key)) : MISSING;
    }

    /** The first of the given members that is present. */
    public Doc first(String... keys) {
        for (String k : keys) {
            Doc d = get(k);
            if (d.present()) {
                return d;
            }
        }
        return MISSING;
    }

    public boolean present() {
        return value != null;
    }

    public boolean isList() {
        return value instanceof List;
    }

    public boolean isObject() {
        return value instanceof Map;
    }

    /** The elements of an array; empty when this is not one. */
    public List<Doc> list() {
        if (!(value instanceof List<?> l)) {
            return List.of();
        }
        List<Doc> out = new ArrayList<>(l.size());
        for (Object o : l) {
            out.add(of(o));
        }
        return out;
    }

    /** The members of an object in order; empty when this is not one. */
    public Map<String, Doc> members() {
        if (!(value instanceof Map<?, ?> m)) {
            return Collections.emptyMap();
        }
        Map<String, Doc> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(String.valueOf(k), of(v)));
        return out;
    }

    /** A string, number or boolean as text; {@code fallback} when missing or structured. */
    public String str(String fallback) {
        if (value instanceof String || value instanceof Boolean) {
            return value.toString();
        }
        if (value instanceof BigDecimal b) {
            return b.stripTrailingZeros().toPlainString();
        }
        return fallback;
    }

    public String str() {
        return str(null);
    }

    /** A number, or {@code NaN}. */
    public double num() {
        if (value instanceof BigDecimal b) {
            return b.doubleValue();
        }
        if (value instanceof String s) {
            try {
                return Double.parseDouble(s);
            } catch (NumberFormatException e) {
                return Double.NaN;
            }
        }
        return Double.NaN;
    }

    /** A whole number, or {@code fallback}. */
    public long lng(long fallback) {
        double d = num();
        return Double.isNaN(d) ? fallback : (long) d;
    }

    public boolean bool(boolean fallback) {
        return value instanceof Boolean b ? b : fallback;
    }
}
