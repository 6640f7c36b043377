package dev.hatch.cli.output;

import java.util.Locale;

/** Formatting for people: sizes, durations, and text from the server made safe for a terminal. */
public final class Text {
    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB"};

    private Text() {
    }

    /** {@code 1536} → {@code 1.5 KiB}. */
    public static String bytes(double bytes) {
        if (bytes < 0) {
            return "-" + bytes(-bytes);
        }
        int unit = 0;
        while (bytes >= 1024 && unit < UNITS.length - 1) {
            bytes /= 1024;
            unit++;
        }
        return unit == 0 ? String.format(Locale.ROOT, "%.0f B", bytes) : String.format(Locale.ROOT, "%.1f %s", bytes, UNITS[unit]);
    }

    /** {@code 3_723_000} ms → {@code 1h 2m}; below a minute with seconds. */
    public static String duration(long millis) {
        long s = Math.max(0, millis) / 1000;
        if (s < 60) {
            return s + "s";
        }
        long m = s / 60;
        long h = m / 60;
        long d = h / 24;
        if (d > 0) {
            return d + "d " + (h % 24) + "h";
        }
        if (h > 0) {
            return h + "h " + (m % 60) + "m";
        }
        return m + "m " + (s % 60) + "s";
    }

    /**
     * Text that came from the server, safe to print: control characters (which could move the
     * cursor or rewrite the screen) become {@code ?}; newlines and tabs stay when allowed.
     */
    public static String clean(String s, boolean keepNewlines) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean allowed = !(Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || (c >= '\u202a' && c <= '\u202e')
                    || (c >= '\u2066' && c <= '\u2069')) || (keepNewlines && (c == '\n' || c == '\t'));
            if (!allowed && sb == null) {
                sb = new StringBuilder(s.length()).append(s, 0, i);
            }
            if (sb != null) {
                sb.append(allowed ? c : '?');
            }
        }
        return sb == null ? s : sb.toString();
    }

    /** {@link #clean(String, boolean)} on one line, cut to {@code max} characters. */
    public static String line(String s, int max) {
        String c = clean(s, false);
        return c.length() <= max ? c : c.substring(0, Math.max(0, max - 1)) + "…";
    }
}
