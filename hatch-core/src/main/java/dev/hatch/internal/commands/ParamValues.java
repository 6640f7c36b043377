package dev.hatch.internal.commands;

import dev.hatch.Param;
import dev.hatch.internal.config.Durations;
import java.math.BigDecimal;
import java.time.Duration;

/**
 * Converts argument values, from a JSON body or a default given in code, to a parameter's type.
 * Messages complete "parameter 'x' ..." and tell the caller what would be accepted.
 */
public final class ParamValues {
    private ParamValues() {
    }

    /** The value as the handler sees it: String, Integer, Long, Boolean, Duration, String or enum constant. */
    public static Object convert(Param p, Object raw) {
        switch (p.type()) {
            case STRING -> {
                if (!(raw instanceof String s)) {
                    throw new IllegalArgumentException("must be a string");
                }
                if (s.length() > p.max()) {
                    throw new IllegalArgumentException("must be at most " + p.max() + " characters long");
                }
                return s;
            }
            case INT, LONG -> {
                long v = whole(raw);
                if (v < p.min() || v > p.max()) {
                    throw new IllegalArgumentException("must be between " + p.min() + " and " + p.max() + ", was " + v);
                }
                return p.type() == Param.Type.INT ? (Object) (int) v : (Object) v;
            }
            case BOOLEAN -> {
                if (raw instanceof Boolean b) {
                    return b;
                }
                if ("true".equals(raw) || "false".equals(raw)) {
                    return Boolean.valueOf((String) raw);
                }
                throw new IllegalArgumentException("must be true or false");
            }
            case DURATION -> {
                long ms = durationMillis(raw);
                if (ms < p.min() || ms > p.max()) {
                    throw new IllegalArgumentException("must be between " + p.min() + " ms and "
                            + (p.max() == Long.MAX_VALUE ? "any length" : p.max() + " ms") + ", was " + ms + " ms");
                }
                return Duration.ofMillis(ms);
            }
            case CHOICE -> {
                if (raw instanceof Enum<?> e && e.getDeclaringClass() == p.enumType()) {
                    return e;
                }
                if (!(raw instanceof String s) || !p.choices().contains(s)) {
                    throw new IllegalArgumentException("must be one of " + String.join(", ", p.choices()));
                }
                if (p.enumType() != null) {
                    for (Object constant : p.enumType().getEnumConstants()) {
                        if (((Enum<?>) constant).name().equals(s)) {
                            return constant;
                        }
                    }
                }
                return s;
            }
            default -> throw new IllegalStateException("unknown type " + p.type());
        }
    }

    /** A value as JSON shows it: durations in ISO-8601 ({@code PT30S}), enum constants by name. */
    public static Object toJson(Object value) {
        if (value instanceof Duration d) {
            return d.toString();
        }
        if (value instanceof Enum<?> e) {
            return e.name();
        }
        return value;
    }

    private static long whole(Object raw) {
        if (raw instanceof String s && s.trim().matches("-?\\d{1,19}")) {
            try {
                return Long.parseLong(s.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("is out of range", e);
            }
        }
        if (!(raw instanceof Number n) || raw instanceof Double || raw instanceof Float) {
            throw new IllegalArgumentException("must be a whole number");
        }
        BigDecimal d = raw instanceof BigDecimal b ? b : new BigDecimal(n.toString());
        try {
            return d.stripTrailingZeros().longValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(d.signum() != 0 && d.stripTrailingZeros().scale() > 0
                    ? "must be a whole number" : "is out of range", e);
        }
    }

    private static long durationMillis(Object raw) {
        if (raw instanceof Duration d) {
            if (d.isNegative()) {
                throw new IllegalArgumentException("must not be negative");
            }
            return d.toMillis();
        }
        if (raw instanceof String s) {
            try {
                return Durations.parse(s).toMillis();
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("must be a duration such as 500ms, 30s, 5m or PT30S", e);
            }
        }
        if (raw instanceof Number) {
            return whole(raw);
        }
        throw new IllegalArgumentException("must be a duration such as \"30s\" or a number of milliseconds");
    }
}
