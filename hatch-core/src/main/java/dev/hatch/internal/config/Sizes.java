package dev.hatch.internal.config;

import java.util.Locale;

/**
 * The one size grammar: a whole number of bytes, or a number with a unit in powers of 1024
 * ({@code 512KB}, {@code 64MB}, {@code 1GB}, {@code 2TB}; {@code K}, {@code M}, {@code G},
 * {@code T} alone, any case). Used by the properties file, trigger definitions and commands.
 */
public final class Sizes {
    private Sizes() {
    }

    /** The size {@code text} names, in bytes; {@link IllegalArgumentException} when it is not a size or overflows. */
    public static long parse(String text) {
        // By hand rather than with a regular expression: sizes are parsed on the light start's path,
        // where java.util.regex would be about 40 classes more to load (docs/performance.md).
        String s = text.trim().toUpperCase(Locale.ROOT);
        int digits = 0;
        while (digits < s.length() && s.charAt(digits) >= '0' && s.charAt(digits) <= '9') {
            digits++;
        }
        int i = digits;
        while (i < s.length() && isSpace(s.charAt(i))) {
            i++;
        }
        String unit = s.substring(i);
        int shift = switch (unit) {
            case "", "B" -> 0;
            case "K", "KB" -> 10;
            case "M", "MB" -> 20;
            case "G", "GB" -> 30;
            case "T", "TB" -> 40;
            default -> -1;
        };
        if (digits == 0 || digits > 19 || shift < 0) {
            throw new IllegalArgumentException("not a size: " + text);
        }
        long n;
        try {
            n = Long.parseLong(s.substring(0, digits));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("size too large: " + text, e);
        }
        if (n > (Long.MAX_VALUE >> shift)) {
            throw new IllegalArgumentException("size too large: " + text);
        }
        return n << shift;
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
    }

    /** {@code bytes} in the largest unit that divides it exactly: {@code 64MB}, {@code 1536KB}, {@code 100}. */
    public static String format(long bytes) {
        String[] units = {"TB", "GB", "MB", "KB"};
        int[] shifts = {40, 30, 20, 10};
        for (int i = 0; i < units.length; i++) {
            long unit = 1L << shifts[i];
            if (bytes != 0 && bytes % unit == 0) {
                return (bytes / unit) + units[i];
            }
        }
        return Long.toString(bytes);
    }
}
