package dev.hatch.internal.config;

import java.time.Duration;
import java.util.Locale;

/**
 * The one duration grammar, as operators write durations: {@code 500ms}, {@code 30s}, {@code 5m},
 * {@code 2h}, {@code 1d}, or ISO-8601 {@code PT30S}. Used by the properties file, trigger
 * definitions, logger reverts and commands.
 */
public final class Durations {
    private Durations() {
    }

    /** The duration {@code text} names; {@link IllegalArgumentException} (or its subclass {@code DateTimeParseException}) otherwise. */
    public static Duration parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.startsWith("pt") || t.startsWith("p")) {
            return nonNegative(Duration.parse(text.trim().toUpperCase(Locale.ROOT)));
        }
        int unitStart = 0;
        while (unitStart < t.length() && Character.isDigit(t.charAt(unitStart))) {
            unitStart++;
        }
        if (unitStart == 0 || unitStart > 12) {
            throw new IllegalArgumentException("not a duration: " + text);
        }
        long n = Long.parseLong(t.substring(0, unitStart));
        return switch (t.substring(unitStart)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> throw new IllegalArgumentException("unknown unit in " + text);
        };
    }

    /** {@code d} in the largest unit that divides it exactly: {@code 5m}, {@code 90s}, {@code 250ms}, {@code 0s}. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms == 0) {
            return "0s";
        }
        long[] units = {86_400_000L, 3_600_000L, 60_000L, 1000L};
        String[] names = {"d", "h", "m", "s"};
        for (int i = 0; i < units.length; i++) {
            if (ms % units[i] == 0) {
                return (ms / units[i]) + names[i];
            }
        }
        return ms + "ms";
    }

    private static Duration nonNegative(Duration d) {
        if (d.isNegative()) {
            throw new IllegalArgumentException("negative duration");
        }
        return d;
    }
}
