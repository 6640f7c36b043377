package dev.hatch.internal.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one size grammar: a whole number of bytes, or a number with a unit in powers of 1024
 * ({@code 512KB}, {@code 64MB}, {@code 1GB}, {@code 2TB}; {@code K}, {@code M}, {@code G},
 * {@code T} alone, any case). Used by the properties file, trigger definitions and commands.
 */
public final class Sizes {
    private static final Pattern SIZE = Pattern.compile("(\\d{1,19})\\s*([KMGT]?B?)");

    private Sizes() {
    }

    /** The size {@code text} names, in bytes; {@link IllegalArgumentException} when it is not a size or overflows. */
    public static long parse(String text) {
        Matcher m = SIZE.matcher(text.trim().toUpperCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("not a size: " + text);
        }
        String unit = m.group(2);
        int shift = unit.isEmpty() || unit.equals("B") ? 0 : switch (unit.charAt(0)) {
            case 'K' -> 10;
            case 'M' -> 20;
            case 'G' -> 30;
            default -> 40;
        };
        long n;
        try {
            n = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("size too large: " + text, e);
        }
        if (n > (Long.MAX_VALUE >> shift)) {
            throw new IllegalArgumentException("size too large: " + text);
        }
        return n << shift;
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
