package dev.hatch.internal.triggers;

import dev.hatch.internal.config.Durations;
import dev.hatch.internal.config.Sizes;
import dev.hatch.internal.http.Problem;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/** Reads typed fields of a parsed JSON object, failing with a 400 that names the field. */
final class JsonFields {

    private JsonFields() {
    }

    static String text(Map<String, Object> m, String k, String def) {
        Object v = m.get(k);
        if (v == null) {
            return def;
        }
        if (!(v instanceof String s)) {
            throw Problem.badRequest("'" + k + "' must be a string");
        }
        return s.trim().toLowerCase(Locale.ROOT);
    }

    static boolean bool(Map<String, Object> m, String k, boolean def) {
        Object v = m.get(k);
        if (v == null) {
            return def;
        }
        if (!(v instanceof Boolean b)) {
            throw Problem.badRequest("'" + k + "' must be true or false");
        }
        return b;
    }

    static long number(Map<String, Object> m, String k, long def, long min, long max) {
        Object v = m.get(k);
        if (v == null) {
            return def;
        }
        try {
            if (v instanceof BigDecimal d) {
                long n = d.longValueExact();
                if (n >= min && n <= max) {
                    return n;
                }
            }
        } catch (ArithmeticException e) {
            // falls through to the message below
        }
        throw Problem.badRequest("'" + k + "' must be a whole number from " + min + " to " + max);
    }

    static Duration duration(Map<String, Object> m, String k, Duration def) {
        String s = text(m, k, null);
        if (s == null) {
            return def;
        }
        try {
            return Durations.parse(s);
        } catch (IllegalArgumentException | java.time.format.DateTimeParseException e) {
            throw Problem.badRequest("'" + k + "' must be a duration such as 30s, 15m or 2h");
        }
    }

    static long size(Map<String, Object> m, String k) {
        Object v = m.get(k);
        if (v == null) {
            return -1;
        }
        if (v instanceof BigDecimal) {
            return number(m, k, -1, 1, Long.MAX_VALUE);
        }
        long n;
        try {
            n = Sizes.parse(text(m, k, ""));
        } catch (IllegalArgumentException e) {
            throw Problem.badRequest("'" + k + "' must be a size such as 512m or 4g, or a number of bytes");
        }
        if (n <= 0) {
            throw Problem.badRequest("'" + k + "' is out of range");
        }
        return n;
    }
}
