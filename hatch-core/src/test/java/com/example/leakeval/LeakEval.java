package com.example.leakeval;

import dev.hatch.internal.http.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The leak detector's evaluation: runs each {@link Workloads workload} in a child JVM (Hatch
 * embedded with default settings, 256 MB heap), polls {@code GET /ops/leaks} every second, and
 * writes a results table into {@code docs/leak-detection.md} between the markers
 * {@code <!-- leak-eval:begin -->} and {@code <!-- leak-eval:end -->}. Not part of the test run:
 * {@code tools/leak-eval} builds the class path and starts it.
 *
 * <pre>
 * LeakEval [--jdks 17,25] [--gcs G1,Parallel] [--workloads records,lru,...] [--parallel 2] [--doc docs/leak-detection.md]
 * </pre>
 */
public final class LeakEval {
    static final String HEAP = "-Xmx256m";

    /** One workload: whether it leaks, what, which class should be named, how long it may run. */
    record Workload(String name, boolean leaks, String resource, String expectedClass, int maxSeconds, int levelledAfter,
                    boolean anyGc) {
    }

    static final List<Workload> WORKLOADS = List.of(
            new Workload("records", true, "heap", "com.example.leakeval.Workloads$Order", 300, 0, true),
            new Workload("map", true, "heap", "com.example.leakeval.Workloads$Session", 300, 0, true),
            new Workload("listeners", true, "heap", "com.example.leakeval.Workloads$QuoteListener", 300, 0, true),
            new Workload("threadlocal", true, "heap", "com.example.leakeval.Workloads$RequestTrace", 300, 0, true),
            new Workload("classloader", true, "classes", "com.example.leakeval.Workloads$PluginLoader", 240, 0, false),
            new Workload("threads", true, "threads", "com.example.leakeval.Workloads$Poller", 90, 0, false),
            new Workload("direct", true, "directBuffers", "com.example.leakeval.Workloads$DirectChunk", 180, 0, false),
            new Workload("lru", false, "heap", null, 120, 45, true),
            new Workload("sawtooth", false, "heap", null, 120, 10, true),
            new Workload("dataset", false, "heap", null, 120, 10, true),
            new Workload("bursty", false, "heap", null, 120, 25, true));

    /** What one run found. */
    record Result(Workload w, String jdk, String gc, double seconds, Double oomSeconds, String oomKind, Double suspectedAt,
                  Double likelyAt, Double headroomAtDetection, Integer rank, String finalVerdict, String worstAfterLevelled,
                  String detectedBy, List<String> topSuspects) {

        boolean pass() {
            if (w.leaks()) {
                boolean early = suspectedAt != null && (oomSeconds == null || suspectedAt < oomSeconds);
                boolean half = headroomAtDetection == null ? !w.resource().equals("heap") : headroomAtDetection <= 0.5;
                boolean ranked = rank != null && rank <= 3;
                return early && half && ranked;
            }
            return !"likely".equals(worstAfterLevelled) && ("none".equals(finalVerdict) || "watch".equals(finalVerdict));
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Path logs;

    LeakEval(Path logs) {
        this.logs = logs;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opt.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        List<String> jdks = Arrays.asList(opt.getOrDefault("jdks", "17,25").split(","));
        List<String> gcs = Arrays.asList(opt.getOrDefault("gcs", "G1,Parallel").split(","));
        List<String> names = opt.containsKey("workloads") ? Arrays.asList(opt.get("workloads").split(",")) : null;
        int parallel = Integer.parseInt(opt.getOrDefault("parallel", "2"));
        Path doc = Path.of(opt.getOrDefault("doc", "docs/leak-detection.md"));
        Path logs = Files.createDirectories(Path.of(opt.getOrDefault("logs", "hatch-core/target/leak-eval")));
        LeakEval eval = new LeakEval(logs);

        List<Run> runs = new ArrayList<>();
        for (String jdk : jdks) {
            for (String gc : gcs) {
                for (Workload w : WORKLOADS) {
                    if ((names == null || names.contains(w.name())) && (w.anyGc() || gc.equals(gcs.get(0)))) {
                        runs.add(new Run(w, jdk, gc));
                    }
                }
            }
        }
        System.out.printf("%d runs, %d at a time; logs in %s%n", runs.size(), parallel, logs);
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        List<Future<Result>> futures = new ArrayList<>();
        for (Run c : runs) {
            futures.add(pool.submit(() -> eval.run(c.w, c.jdk, c.gc)));
        }
        List<Result> results = new ArrayList<>();
        for (Future<Result> f : futures) {
            Result r = f.get();
            results.add(r);
            System.out.println(row(r));
        }
        pool.shutdown();
        String table = table(results);
        System.out.println(table);
        writeDoc(doc, table);
        long failed = results.stream().filter(r -> !r.pass()).count();
        System.out.println(failed == 0 ? "all runs pass" : failed + " run(s) fail the acceptance criteria");
    }

    record Run(Workload w, String jdk, String gc) {
    }

    static String javaFor(String jdk) {
        if (jdk.equals("25")) {
            return System.getProperty("hatch.test.jdk25", "/usr/lib/jvm/temurin-25-jdk-amd64") + "/bin/java";
        }
        String home = System.getProperty("eval.jdk" + jdk);
        return home != null ? home + "/bin/java" : Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    Result run(Workload w, String jdk, String gc) throws Exception {
        String token = HexFormat.of().formatHex(randomBytes());
        List<String> cmd = new ArrayList<>(List.of(javaFor(jdk), HEAP, "-XX:+Use" + gc + "GC", "-XX:+ExitOnOutOfMemoryError",
                "-XX:MaxDirectMemorySize=128m", "-XX:MaxMetaspaceSize=128m", "-cp", System.getProperty("java.class.path"),
                Workloads.class.getName(), w.name()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("HATCH_EVAL_TOKEN", token);
        Path log = logs.resolve(w.name() + "-" + jdk + "-" + gc + ".log");
        Process p = pb.start();
        long start = System.nanoTime();
        int port = -1;
        StringBuilder oom = new StringBuilder();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        PrintWriter logWriter = new PrintWriter(Files.newBufferedWriter(log), true);
        String line;
        while ((line = out.readLine()) != null) {
            logWriter.println(line);
            if (line.startsWith("HATCH_PORT=")) {
                port = Integer.parseInt(line.substring("HATCH_PORT=".length()).trim());
                break;
            }
        }
        Thread drain = new Thread(() -> {
            try {
                String l;
                while ((l = out.readLine()) != null) {
                    logWriter.println(l);
                    if (l.contains("OutOfMemoryError") || l.startsWith("OOM ")) {
                        synchronized (oom) {
                            oom.setLength(0);
                            oom.append(l);
                        }
                    }
                }
            } catch (IOException ignored) {
                // the child is gone
            }
        }, "eval-drain");
        drain.setDaemon(true);
        drain.start();
        if (port < 0) {
            p.destroyForcibly();
            throw new IllegalStateException(w.name() + ": the child did not start; see " + log);
        }
        String base = "http://127.0.0.1:" + port;
        Double suspectedAt = null;
        Double likelyAt = null;
        Double headroom = null;
        Long baseline = null;
        Integer rank = null;
        String finalVerdict = "none";
        String worstAfterLevelled = "none";
        String detectedBy = null;
        List<String> top = List.of();
        Path lastReport = logs.resolve(w.name() + "-" + jdk + "-" + gc + ".last-report.json");
        while (p.isAlive() && seconds(start) < w.maxSeconds()) {
            Map<String, Object> report = getJson(base + "/ops/leaks", token);
            double t = seconds(start);
            if (report != null) {
                Files.writeString(lastReport, Json.write(report));
                String v = (String) report.get("verdict");
                finalVerdict = v;
                if (w.levelledAfter() > 0 && t >= w.levelledAfter() && rankOf(v) > rankOf(worstAfterLevelled)) {
                    worstAfterLevelled = v;
                }
                if (baseline == null) {
                    baseline = latestOld(getJson(base + "/ops/memory", token));
                }
                if (rankOf(v) >= rankOf("suspected") && suspectedAt == null) {
                    suspectedAt = t;
                    detectedBy = detectedBy(report);
                    if (w.resource().equals("heap")) {
                        Map<String, Object> mem = getJson(base + "/ops/memory", token);
                        Long now = mem == null ? null : latestOld(mem);
                        Long max = mem == null ? null : maxOld(mem);
                        if (now != null && max != null) {
                            long b = baseline == null ? 0 : baseline;
                            headroom = (now - b) / (double) Math.max(1, max - b);
                        }
                    } else {
                        headroom = resourceUsed(report, w.resource());
                    }
                }
                if ("likely".equals(v) && likelyAt == null) {
                    likelyAt = t;
                }
                List<String> s = suspects(report);
                if (!s.isEmpty()) {
                    top = s.subList(0, Math.min(5, s.size()));
                    int i = w.expectedClass() == null ? -1 : s.indexOf(w.expectedClass());
                    rank = i < 0 ? rank : Integer.valueOf(i + 1);
                }
            }
            Thread.sleep(1000);
        }
        Double oomAt = null;
        String oomKind = null;
        if (!p.isAlive() || p.waitFor(2, TimeUnit.SECONDS)) {
            drain.join(2000);
            oomAt = seconds(start);
            synchronized (oom) {
                oomKind = oom.length() == 0 ? "exit " + p.exitValue() : oom.toString();
            }
        } else {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        logWriter.close();
        return new Result(w, jdk, gc, seconds(start), oomAt, oomKind, suspectedAt, likelyAt, headroom, rank, finalVerdict,
                worstAfterLevelled, detectedBy, top);
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[16];
        ThreadLocalRandom.current().nextBytes(b);
        return b;
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    private static int rankOf(String verdict) {
        return List.of("none", "watch", "suspected", "likely").indexOf(verdict);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> getJson(String url, String token) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                    .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? (Map<String, Object>) Json.parse(r.body()) : null;
        } catch (IOException | RuntimeException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /**
     * The live set as well as the JVM tells it: the old generation after the latest collection
     * that collected it (the detector's confirmations make one every few seconds while a leak is
     * suspected), or, when there was none in the last 15 s, after the latest collection of any
     * kind (an upper bound: it includes promoted garbage).
     */
    @SuppressWarnings("unchecked")
    private static Long latestOld(Map<String, Object> mem) {
        if (mem == null) {
            return null;
        }
        List<Object> samples = (List<Object>) ((Map<String, Object>) mem.get("postGc")).get("samples");
        if (samples.isEmpty()) {
            return null;
        }
        Map<String, Object> last = (Map<String, Object>) samples.get(samples.size() - 1);
        java.time.Instant cutoff = java.time.Instant.parse((String) last.get("time")).minusSeconds(15);
        for (int i = samples.size() - 1; i >= 0; i--) {
            Map<String, Object> s = (Map<String, Object>) samples.get(i);
            if (java.time.Instant.parse((String) s.get("time")).isBefore(cutoff)) {
                break;
            }
            if (!"minor".equals(s.get("kind"))) {
                return ((Number) s.get("oldAfterBytes")).longValue();
            }
        }
        return ((Number) last.get("oldAfterBytes")).longValue();
    }

    /** Share of its limit a non-heap resource uses: direct memory, metaspace; null for threads (no limit). */
    @SuppressWarnings("unchecked")
    private static Double resourceUsed(Map<String, Object> report, String resource) {
        Map<String, Object> r = (Map<String, Object>) ((Map<String, Object>) report.get("nonHeap")).get(resource);
        if (r == null) {
            return null;
        }
        Object used = resource.equals("directBuffers") ? r.get("memoryUsedBytes") : r.get("metaspaceBytes");
        Object max = resource.equals("directBuffers") ? r.get("maxBytes") : r.get("metaspaceMaxBytes");
        if (!(used instanceof Number u) || !(max instanceof Number m) || m.doubleValue() <= 0) {
            return null;
        }
        return u.doubleValue() / m.doubleValue();
    }

    @SuppressWarnings("unchecked")
    private static Long maxOld(Map<String, Object> mem) {
        Object m = ((Map<String, Object>) mem.get("postGc")).get("maxBytes");
        return m == null ? null : ((Number) m).longValue();
    }

    @SuppressWarnings("unchecked")
    private static List<String> suspects(Map<String, Object> report) {
        List<String> out = new ArrayList<>();
        for (Object o : (List<Object>) report.get("suspects")) {
            out.add((String) ((Map<String, Object>) o).get("class"));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static String detectedBy(Map<String, Object> report) {
        Map<String, Object> nonHeap = (Map<String, Object>) report.get("nonHeap");
        for (Map.Entry<String, Object> e : nonHeap.entrySet()) {
            Object v = ((Map<String, Object>) e.getValue()).get("verdict");
            if ("suspected".equals(v) || "likely".equals(v)) {
                return e.getKey();
            }
        }
        return "heap";
    }

    static String row(Result r) {
        String frac = r.suspectedAt() == null || r.oomSeconds() == null ? "–"
                : String.format(Locale.ROOT, "%.0f%%", 100 * r.suspectedAt() / r.oomSeconds());
        String head = r.headroomAtDetection() == null ? "–" : String.format(Locale.ROOT, "%.0f%%", 100 * r.headroomAtDetection());
        String leakCells = r.w().leaks()
                ? String.format(Locale.ROOT, "%s | %s | %s | %s | %s | %s", s(r.suspectedAt()), s(r.likelyAt()),
                r.oomSeconds() == null ? "> " + Math.round(r.seconds()) + " s (no OOM)" : s(r.oomSeconds()), frac, head,
                r.rank() == null ? "–" : "#" + r.rank())
                : String.format(Locale.ROOT, "%s | %s | – | – | – | –", s(r.suspectedAt()), s(r.likelyAt()));
        String verdicts = r.w().leaks() ? r.finalVerdict() + " (" + (r.detectedBy() == null ? "–" : r.detectedBy()) + ")"
                : r.finalVerdict() + "; worst after levelling: " + r.worstAfterLevelled();
        return String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s |", r.w().name(), r.jdk(), r.gc(),
                r.w().leaks() ? "yes" : "no", leakCells, verdicts, r.pass() ? "pass" : "**fail**");
    }

    private static String s(Double seconds) {
        return seconds == null ? "–" : String.format(Locale.ROOT, "%.0f s", seconds);
    }

    static String table(List<Result> results) {
        StringBuilder sb = new StringBuilder();
        sb.append("Measured ").append(LocalDate.now()).append(" on ").append(Runtime.getRuntime().availableProcessors())
                .append(" cores, ").append(HEAP).append(", detector defaults.\n\n");
        sb.append("| workload | JDK | GC | leaks | suspected at | likely at | OOM at | detection / time to OOM"
                + " | headroom used at detection | rank of leaking class | final verdict (detected by) | acceptance |\n");
        sb.append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Result r : results) {
            sb.append(row(r)).append('\n');
        }
        return sb.toString();
    }

    static void writeDoc(Path doc, String table) throws IOException {
        String begin = "<!-- leak-eval:begin -->";
        String end = "<!-- leak-eval:end -->";
        String text = Files.exists(doc) ? Files.readString(doc) : "# Leak detection\n\n" + begin + "\n" + end + "\n";
        int b = text.indexOf(begin);
        int e = text.indexOf(end);
        if (b < 0 || e < b) {
            text = text + "\n" + begin + "\n" + end + "\n";
            b = text.indexOf(begin);
            e = text.indexOf(end);
        }
        String updated = text.substring(0, b + begin.length()) + "\n" + table + text.substring(e);
        Files.writeString(doc, updated);
        System.out.println("wrote " + doc.toAbsolutePath());
    }
}
