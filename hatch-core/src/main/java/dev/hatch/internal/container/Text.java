package dev.hatch.internal.container;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The few text shapes kernel memory files use, turned into maps; malformed lines are skipped. */
final class Text {
    private Text() {
    }

    /**
     * {@code key value} lines ({@code memory.stat}, {@code memory.events}, {@code
     * memory.oom_control}): key to number; lines whose value is not a number are skipped.
     */
    static Map<String, Long> keyNumberLines(String text) {
        Map<String, Long> values = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            String[] parts = line.trim().split("\\s+");
            if (parts.length == 2) {
                Long value = parseLong(parts[1]);
                if (value != null) {
                    values.put(parts[0], value);
                }
            }
        }
        return values;
    }

    /**
     * {@code Key: value [kB]} lines ({@code /proc/self/status}, {@code smaps_rollup}): key to
     * number, converted to bytes when the line says {@code kB}. Other lines are skipped.
     */
    static Map<String, Long> colonLines(String text) {
        Map<String, Long> values = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String[] parts = line.substring(colon + 1).trim().split("\\s+");
            Long value = parseLong(parts[0]);
            if (value == null || parts.length > 2) {
                continue;
            }
            if (parts.length == 2) {
                if (!parts[1].equals("kB")) {
                    continue;
                }
                value = value * 1024;
            }
            values.put(line.substring(0, colon).trim(), value);
        }
        return values;
    }

    /** A decimal long, or null. */
    static Long parseLong(String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * A kernel name as a JSON field name: {@code kernel_stack} → {@code kernelStack},
     * {@code Pss_Anon} → {@code pssAnon}, {@code AnonHugePages} → {@code anonHugePages},
     * {@code KSM} → {@code ksm}.
     */
    static String camel(String name) {
        StringBuilder out = new StringBuilder(name.length());
        boolean upperNext = false;
        for (String part : name.split("[_\\-.\\s]+")) {
            if (part.isEmpty()) {
                continue;
            }
            if (part.equals(part.toUpperCase(Locale.ROOT))) {
                part = part.toLowerCase(Locale.ROOT);
            }
            if (upperNext) {
                out.append(Character.toUpperCase(part.charAt(0))).append(part, 1, part.length());
            } else {
                out.append(Character.toLowerCase(part.charAt(0))).append(part, 1, part.length());
            }
            upperNext = true;
        }
        return out.toString();
    }
}
