package com.example.leakeval;

import dev.hatch.Hatch;
import dev.hatch.Scope;
import dev.hatch.internal.http.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An allocation-heavy program for the overhead measurement: builds small maps and lists as
 * fast as it can, keeping the last 50,000 of them (about 80 MB) alive for a while so that objects are
 * promoted and the old generation is collected too. Prints {@code OPS <n>} for the measured
 * seconds. {@code on}: Hatch with the leak detector (defaults); {@code off}: Hatch with
 * {@code leakDetection(false)}; {@code none}: no Hatch at all.
 */
public final class AllocationBench {
    static volatile Object sink;

    private AllocationBench() {
    }

    /**
     * CPU time of the threads that work for the detector: the JVM's notification thread (it
     * builds GC notifications only while someone listens, then runs the listener) and Hatch's
     * {@code hatch-leaks*} threads and the shared {@code hatch-timer} (whose periodic work here is the detector's).
     */
    static long detectorCpuNanos() {
        java.lang.management.ThreadMXBean t = java.lang.management.ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (java.lang.management.ThreadInfo info : t.dumpAllThreads(false, false)) {
            String n = info.getThreadName();
            if (n.equals("Notification Thread") || n.equals("Service Thread") || n.startsWith("hatch-leaks") || n.equals("hatch-timer") || n.equals("hatch-gc-poll")) {
                long cpu = Math.max(0, t.getThreadCpuTime(info.getThreadId()));
                System.out.println("THREAD " + n + " " + cpu / 1_000_000 + " ms");
                sum += cpu;
            }
        }
        return sum;
    }

    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        int warmup = Integer.parseInt(args[1]);
        int measure = Integer.parseInt(args[2]);
        Hatch hatch = null;
        if (!mode.equals("none")) {
            Path dir = Files.createTempDirectory("hatch-bench");
            hatch = Hatch.builder().port(0).token("eval", "env:HATCH_EVAL_TOKEN", Scope.values())
                    .auditFile(dir.resolve("audit.jsonl")).dumpDirectory(dir.resolve("dumps"))
                    .leakDetection(mode.equals("on")).start();
        }
        Object[] ring = new Object[50_000];
        long ops = 0;
        long start = System.nanoTime();
        long measureFrom = start + warmup * 1_000_000_000L;
        long end = measureFrom + measure * 1_000_000_000L;
        long counted = 0;
        int i = 0;
        while (true) {
            Map<Integer, List<byte[]>> m = new HashMap<>();
            for (int k = 0; k < 8; k++) {
                List<byte[]> l = new ArrayList<>(4);
                l.add(new byte[32 + (k << 3)]);
                m.put(k, l);
            }
            ring[i] = m;
            i = (i + 1) % ring.length;
            ops++;
            if ((ops & 1023) == 0) {
                long now = System.nanoTime();
                if (now >= measureFrom && counted == 0) {
                    counted = ops;
                }
                if (now >= end) {
                    break;
                }
            }
        }
        System.out.println("OPS " + (ops - counted));
        System.out.println("CPU " + detectorCpuNanos() + " " + processCpuNanos());
        if (hatch != null) {
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hatch.port() + "/ops/memory"))
                    .header("Authorization", "Bearer " + System.getenv("HATCH_EVAL_TOKEN")).build(), HttpResponse.BodyHandlers.ofString());
            @SuppressWarnings("unchecked")
            Map<String, Object> mem = (Map<String, Object>) Json.parse(r.body());
            @SuppressWarnings("unchecked")
            Map<String, Object> post = (Map<String, Object>) mem.get("postGc");
            System.out.println("GC_SAMPLES " + post.get("recorded") + " LISTENER_NS " + post.get("listenerNanos"));
            @SuppressWarnings("unchecked")
            Map<String, Object> det = (Map<String, Object>) mem.get("leakDetector");
            System.out.println("DETECTOR " + Json.write(det.get("histograms")) + " VERDICT " + det.get("verdict"));
            hatch.close();
        }
        sink = ring;
    }
}
