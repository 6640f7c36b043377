package com.example.leakeval;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Measures the leak detector's cost: {@link AllocationBench} in child JVMs, detector on and off
 * alternately, several pairs per collector; prints the throughput of each run, the medians, the
 * difference, and the GC listener's own time. {@code OverheadEval [pairs] [seconds] [G1,Parallel]}.
 */
public final class OverheadEval {
    private OverheadEval() {
    }

    public static void main(String[] args) throws Exception {
        int pairs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        List<String> gcs = Arrays.asList((args.length > 2 ? args[2] : "G1,Parallel").split(","));
        for (String gc : gcs) {
            List<Long> on = new ArrayList<>();
            List<Long> off = new ArrayList<>();
            List<Double> cpuOn = new ArrayList<>();
            List<Double> cpuOff = new ArrayList<>();
            String lastOn = "";
            for (int p = 0; p < pairs; p++) {
                for (String mode : p % 2 == 0 ? List.of("on", "off") : List.of("off", "on")) {
                    List<String> out = run(gc, mode, seconds);
                    long ops = Long.parseLong(out.stream().filter(l -> l.startsWith("OPS ")).findFirst().orElseThrow().substring(4));
                    (mode.equals("on") ? on : off).add(ops);
                    String[] cpu = out.stream().filter(l -> l.startsWith("CPU ")).findFirst().orElseThrow().split(" ");
                    (mode.equals("on") ? cpuOn : cpuOff).add(100.0 * Long.parseLong(cpu[1]) / Long.parseLong(cpu[2]));
                    if (mode.equals("on")) {
                        lastOn = String.join(" | ", out.stream().filter(l -> l.startsWith("GC_") || l.startsWith("DETECTOR")).toList());
                    }
                    System.out.printf(Locale.ROOT, "%s %s %,d ops%n", gc, mode, ops);
                }
            }
            double mOn = median(on);
            double mOff = median(off);
            System.out.printf(Locale.ROOT, "%s: median on %,.0f, off %,.0f ops in %d s: detector costs %.2f%% (spread off %.1f%%, on %.1f%%)%n",
                    gc, mOn, mOff, seconds, 100 * (mOff - mOn) / mOff, spread(off), spread(on));
            System.out.println(gc + " detector: " + lastOn);
            System.out.printf(Locale.ROOT, "%s: CPU share of the notification thread, hatch-leaks* and hatch-timer threads: on %s%%, off %s%%%n", gc,
                    cpuOn.stream().map(x -> String.format(Locale.ROOT, "%.3f", x)).toList(),
                    cpuOff.stream().map(x -> String.format(Locale.ROOT, "%.3f", x)).toList());
        }
    }

    static List<String> run(String gc, String mode, int seconds) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(LeakEval.javaFor("17"), "-Xmx256m", "-XX:+Use" + gc + "GC", "-cp",
                System.getProperty("java.class.path"), AllocationBench.class.getName(), mode, "5", Integer.toString(seconds))
                .redirectErrorStream(true);
        byte[] token = new byte[16];
        ThreadLocalRandom.current().nextBytes(token);
        pb.environment().put("HATCH_EVAL_TOKEN", HexFormat.of().formatHex(token));
        Process p = pb.start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String l; (l = r.readLine()) != null; ) {
                lines.add(l);
            }
        }
        p.waitFor();
        return lines;
    }

    static double median(List<Long> xs) {
        long[] a = xs.stream().mapToLong(Long::longValue).sorted().toArray();
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2.0;
    }

    static double spread(List<Long> xs) {
        long min = xs.stream().mapToLong(Long::longValue).min().orElse(0);
        long max = xs.stream().mapToLong(Long::longValue).max().orElse(0);
        return max == 0 ? 0 : 100.0 * (max - min) / max;
    }
}
