package dev.hatch.internal.leaks;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One class histogram: per class, the instances and bytes on the heap at one moment. Parsed from
 * the text of the DiagnosticCommand {@code gcClassHistogram} ({@code jmap -histo} format), one
 * line per class: {@code "   1:   9671   446824  [B (java.base@17.0.15)"}.
 *
 * @param id a short id, e.g. {@code h3}, by which {@code ?diff=} refers to it
 * @param timeMs when it was taken (epoch ms)
 * @param live whether only reachable objects were counted (a full GC ran first)
 * @param pauseMs how long the histogram took, the pause included
 * @param names class names, most bytes first
 * @param modules the module of each class ({@code java.base}), or null for the class path
 * @param instances instances per class
 * @param bytes bytes per class
 * @param totalInstances all instances, including classes beyond the kept lines
 * @param totalBytes all bytes, including classes beyond the kept lines
 */
public record Snapshot(String id, long timeMs, boolean live, long pauseMs, String[] names, String[] modules,
                       long[] instances, long[] bytes, long totalInstances, long totalBytes) {

    /** Lines kept per histogram; the rest are counted only in the totals. */
    static final int MAX_CLASSES = 20_000;

    /** Number of classes kept. */
    public int size() {
        return names.length;
    }

    /** Index of each class name. */
    Map<String, Integer> index() {
        Map<String, Integer> m = new HashMap<>(names.length * 2);
        for (int i = 0; i < names.length; i++) {
            m.putIfAbsent(names[i], i);
        }
        return m;
    }

    /**
     * Parses the command's output.
     *
     * @param names canonical strings for class names, shared across snapshots to save memory
     */
    static Snapshot parse(String id, long timeMs, boolean live, long pauseMs, String text, Map<String, String> names) {
        List<String> n = new ArrayList<>();
        List<String> mods = new ArrayList<>();
        List<long[]> counts = new ArrayList<>();
        long totalInstances = 0;
        long totalBytes = 0;
        int pos = 0;
        int len = text.length();
        while (pos < len) {
            int eol = text.indexOf('\n', pos);
            if (eol < 0) {
                eol = len;
            }
            String line = text.substring(pos, eol).trim();
            pos = eol + 1;
            if (line.startsWith("Total")) {
                String[] f = line.split("\\s+");
                if (f.length >= 3) {
                    totalInstances = parseLong(f[1]);
                    totalBytes = parseLong(f[2]);
                }
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0 || !Character.isDigit(line.charAt(0))) {
                continue;
            }
            String[] f = line.substring(colon + 1).trim().split("\\s+", 4);
            if (f.length < 3) {
                continue;
            }
            long inst = parseLong(f[0]);
            long b = parseLong(f[1]);
            if (inst < 0 || b < 0) {
                continue;
            }
            if (n.size() >= MAX_CLASSES) {
                continue;
            }
            String name = f[2];
            String module = null;
            if (f.length == 4 && f[3].startsWith("(") && f[3].endsWith(")")) {
                String m = f[3].substring(1, f[3].length() - 1);
                int at = m.indexOf('@');
                module = at >= 0 ? m.substring(0, at) : m;
            }
            n.add(names.size() < 4 * MAX_CLASSES ? names.computeIfAbsent(name, k -> k) : name);
            mods.add(module == null ? null : names.size() < 4 * MAX_CLASSES ? names.computeIfAbsent(module, k -> k) : module);
            counts.add(new long[] {inst, b});
        }
        long[] instances = new long[n.size()];
        long[] bytes = new long[n.size()];
        for (int i = 0; i < instances.length; i++) {
            instances[i] = counts.get(i)[0];
            bytes[i] = counts.get(i)[1];
        }
        return new Snapshot(id, timeMs, live, pauseMs, n.toArray(new String[0]), mods.toArray(new String[0]), instances, bytes,
                totalInstances, totalBytes);
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * Whether a class belongs to the application rather than the JDK or Hatch: not an array,
     * not in a JDK module or package. Arrays and JDK collections are what leaks are made of;
     * the application class that holds them is what an operator can fix.
     */
    static boolean applicationClass(String name, String module) {
        if (name.startsWith("[") || hatchClass(name)) {
            return false;
        }
        if (module != null && (module.startsWith("java.") || module.startsWith("jdk."))) {
            return false;
        }
        return !jdkClass(name);
    }

    /**
     * Whether a class is Hatch's own, or an array of Hatch's classes: {@code dev.hatch.*}, which
     * includes the libraries Hatch bundles, relocated under {@code dev.hatch.internal.shaded} (Jetty,
     * SLF4J). Such classes are never suspects: an operator cannot fix them, and the detector must
     * not report the endpoint's own buffers and records as the application's leak.
     */
    static boolean hatchClass(String name) {
        int i = 0;
        while (i < name.length() && name.charAt(i) == '[') {
            i++;
        }
        if (i > 0) {
            if (i >= name.length() || name.charAt(i) != 'L') {
                return false;
            }
            i++;
        }
        return name.startsWith(HATCH_PACKAGE, i);
    }

    private static final String HATCH_PACKAGE = "dev.hatch.";

    /** Whether a class name is in a JDK package. */
    static boolean jdkClass(String name) {
        for (String p : JDK_PACKAGES) {
            if (name.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    private static final String[] JDK_PACKAGES = {"java.", "javax.", "jdk.", "sun.", "com.sun.", "org.w3c.", "org.xml.", "org.ietf."};
}
