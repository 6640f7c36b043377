package dev.hatch.internal.triggers;

import dev.hatch.internal.http.Problem;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads typed fields of a parsed JSON object, failing with a 400 that names the field. */
final class JsonFields {
    private static final Pattern DURATION = Pattern.compile("([0-9]{1,9})(ms|s|m|h|d)");
    private static final Pattern SIZE = Pattern.compile("([0-9]{1,12})([kmgt]?)b?");

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
        Matcher d = DURATION.matcher(s);
        if (d.matches()) {
            long n = Long.parseLong(d.group(1));
            return switch (d.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        try {
            return Duration.parse(s.toUpperCase(Locale.ROOT));
        } catch (java.time.format.DateTimeParseException e) {
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
        Matcher s = SIZE.matcher(text(m, k, ""));
        if (!s.matches()) {
            throw Problem.badRequest("'" + k + "' must be a size such as 512m or 4g, or a number of bytes");
        }
        int shift = switch (s.group(2)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            case "t" -> 40;
            default -> 0;
        };
        long n = Long.parseLong(s.group(1));
        if (n <= 0 || n > (Long.MAX_VALUE >> shift)) {
            throw Problem.badRequest("'" + k + "' is out of range");
        }
        return n << shift;
    }
}
