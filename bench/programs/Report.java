import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.StringJoiner;
import java.util.function.DoubleBinaryOperator;

/**
 * Turns scripts/bench-side-by-side.sh's raw.csv (section,subject,metric,run,value) and
 * meta.properties into results.md (medians per subject, then every target as a ratio) and
 * results.json. Usage: {@code java bench/programs/Report.java OUT_DIR}.
 */
public final class Report {
    private final Map<String, List<Double>> runs = new LinkedHashMap<>();
    private final Properties meta = new Properties();
    private final StringBuilder md = new StringBuilder();

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        Report report = new Report();
        try (var in = Files.newBufferedReader(dir.resolve("meta.properties"))) {
            report.meta.load(in);
        }
        for (String line : Files.readAllLines(dir.resolve("raw.csv")).subList(1, Files.readAllLines(dir.resolve("raw.csv")).size())) {
            String[] f = line.split(",");
            if (f.length == 5 && !f[4].isBlank() && !f[4].equals("NaN")) {
                report.runs.computeIfAbsent(f[0] + "/" + f[1] + "/" + f[2], k -> new ArrayList<>()).add(Double.parseDouble(f[4]));
            }
        }
        report.write();
        Files.writeString(dir.resolve("results.md"), report.md);
        Files.writeString(dir.resolve("results.json"), report.json());
        System.out.print(report.md);
    }

    private Double median(String key) {
        List<Double> values = runs.get(key);
        if (values == null || values.isEmpty()) {
            return null;
        }
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private void write() {
        md.append("# Hatch side by side\n\n");
        md.append(String.format("Mode **%s**, %s. Machine: %s CPUs (%s), %s RAM, load average at start %s. JDK: %s. "
                        + "Commit %s; Jolokia %s; Spring Boot %s; %s; pinning: %s. Medians of %s runs (heap dumps: %s). "
                        + "Heap dumps on %s MB of ballast; thread dumps with %s parked threads. Took %s s.%n%n",
                meta.get("mode"), meta.get("date"), meta.get("cpus"), meta.get("cpu"), meta.get("ram"), meta.get("load"),
                meta.getProperty("jdk", "").trim(), meta.get("commit"), meta.get("jolokia"), meta.get("spring_boot"),
                meta.get("wrk"), meta.getProperty("pinning", "none"), meta.get("runs"), meta.get("heavy_runs"), meta.get("ballast_mb"), meta.get("threads"),
                meta.get("elapsed_seconds")));
        targets();
        table("1. Host overhead (allocation-heavy program, idle endpoint)", "overhead",
                List.of("alone", "hatch", "jolokia"), List.of("ops_per_s", "p99_us"));
        List<String> light = new ArrayList<>();
        for (String c : List.of("ok", "none", "wrong")) {
            for (String m : List.of("status", "status_after", "rps", "p99_ms", "cpu_us_per_req", "non2xx_pct")) {
                light.add(c + "." + m);
            }
        }
        table("2. Light requests (wrk, keep-alive, loopback): ok = valid credential, none = no credential, wrong = wrong credential",
                "light", List.of("hatch", "hatch-default-limits", "jolokia", "jolokia-nodelay", "actuator-bcrypt", "actuator-noop"), light);
        table("3. Heap dump end to end, to the client's file", "heapdump",
                List.of("hatch-raw", "hatch-raw-loopback", "hatch-gzip", "hatch-cli-raw", "hatch-cli-gzip", "actuator", "jcmd", "jcmd-copy", "jcmd-gz1"),
                List.of("seconds", "first_byte_s", "bytes", "pause_ms"));
        table("4. Thread dump", "threads", List.of("hatch-json", "hatch-text", "actuator-json", "actuator-text", "jstack"),
                List.of("seconds", "bytes", "pause_ms"));
        table("5. Start-up and footprint (idle host; actuator-app is the whole Spring Boot application)", "startup",
                List.of("alone", "hatch", "jolokia", "actuator-app"),
                List.of("idle5s_cpu_ms", "idle5s_peak_rss_kb", "ends_itself_ms", "exit_ms", "main_ms", "first_answer_ms", "rss_kb", "heap_used_kb",
                        "threads", "own_threads", "jar_bytes"));
    }

    private void targets() {
        md.append("## Targets\n\n| figure | Hatch | peer | ratio | target | met |\n|---|---|---|---|---|---|\n");
        DoubleBinaryOperator div = (a, b) -> a / b;
        DoubleBinaryOperator minus = (a, b) -> a - b;
        target("idle host throughput, Hatch agent vs alone", "overhead/hatch/ops_per_s", "overhead/alone/ops_per_s",
                div, "≥ 0.99", r -> r >= 0.99);
        target("idle host throughput, Jolokia agent vs alone (for comparison)", "overhead/jolokia/ops_per_s",
                "overhead/alone/ops_per_s", div, "—", null);
        target("idle host p99, Hatch agent vs alone", "overhead/hatch/p99_us", "overhead/alone/p99_us", div, "—", null);
        target("heap dump raw, end to end: Hatch (curl) vs jcmd + copying its file to the client's path", "heapdump/hatch-raw/seconds",
                "heapdump/jcmd-copy/seconds", div, "≤ 1.1", r -> r <= 1.1);
        target("heap dump raw, end to end: Hatch's CLI (hatch heapdump, JVM start included) vs jcmd + copy (for comparison)",
                "heapdump/hatch-cli-raw/seconds", "heapdump/jcmd-copy/seconds", div, "—", null);
        target("heap dump raw: Hatch vs jcmd alone (for comparison)", "heapdump/hatch-raw/seconds", "heapdump/jcmd/seconds",
                div, "—", null);
        target("heap dump raw: transfer after the first byte on loopback, into /dev/null, MB/s (columns: seconds to the first byte, bytes)",
                "heapdump/hatch-raw-loopback/first_byte_s", "heapdump/hatch-raw-loopback/bytes",
                (ttfb, bytes) -> bytes / 1e6 / Math.max(1e-3, median("heapdump/hatch-raw-loopback/seconds") - ttfb), "≥ 1000",
                r -> r >= 1000);
        target("heap dump raw: transfer after the first byte into the client's file, MB/s (for comparison: the client's disk)",
                "heapdump/hatch-raw/first_byte_s", "heapdump/hatch-raw/bytes",
                (ttfb, bytes) -> bytes / 1e6 / Math.max(1e-3, median("heapdump/hatch-raw/seconds") - ttfb), "—", null);
        target("heap dump gzip: Hatch (curl) time vs jcmd -gz=1", "heapdump/hatch-gzip/seconds", "heapdump/jcmd-gz1/seconds",
                div, "≤ 1.0", r -> r <= 1.0);
        target("heap dump gzip: Hatch's CLI (hatch heapdump --gzip) time vs jcmd -gz=1 (for comparison)",
                "heapdump/hatch-cli-gzip/seconds", "heapdump/jcmd-gz1/seconds", div, "—", null);
        target("heap dump gzip: Hatch bytes vs jcmd -gz=1", "heapdump/hatch-gzip/bytes", "heapdump/jcmd-gz1/bytes",
                div, "≤ 1.1", r -> r <= 1.1);
        target("heap dump gzip: longest pause vs Hatch raw", "heapdump/hatch-gzip/pause_ms", "heapdump/hatch-raw/pause_ms",
                div, "≤ 1.2", r -> r <= 1.2);
        target("heap dump gzip: longest pause, Hatch vs jcmd -gz=1 (for comparison)", "heapdump/hatch-gzip/pause_ms",
                "heapdump/jcmd-gz1/pause_ms", div, "—", null);
        target("heap dump: Hatch raw vs Actuator time (for comparison)", "heapdump/hatch-raw/seconds",
                "heapdump/actuator/seconds", div, "—", null);
        String bestJolokia = best("light/jolokia/ok.rps", "light/jolokia-nodelay/ok.rps");
        target("authenticated light requests/s: Hatch vs Jolokia's best (" + bestJolokia.split("/")[1] + ")",
                "light/hatch/ok.rps", bestJolokia, div, "≥ 1.5", r -> r >= 1.5);
        target("authenticated light requests/s: Hatch vs Actuator (bcrypt)", "light/hatch/ok.rps",
                "light/actuator-bcrypt/ok.rps", div, "—", null);
        target("authenticated light requests/s: Hatch vs Actuator ({noop})", "light/hatch/ok.rps",
                "light/actuator-noop/ok.rps", div, "—", null);
        for (String c : List.of("none", "wrong")) {
            target("server CPU of a refusal (" + c + ", limits raised: 401) vs an allowed request", "light/hatch/" + c
                    + ".cpu_us_per_req", "light/hatch/ok.cpu_us_per_req", div, "≤ 0.9", r -> r <= 0.9);
            target("server CPU of a refusal (" + c + ", default limits: 429) vs an allowed request",
                    "light/hatch-default-limits/" + c + ".cpu_us_per_req", "light/hatch/ok.cpu_us_per_req", div, "≤ 0.9",
                    r -> r <= 0.9);
        }
        target("thread dump: Hatch JSON vs jstack", "threads/hatch-json/seconds", "threads/jstack/seconds",
                div, "≤ 0.5", r -> r <= 0.5);
        target("thread dump: Hatch text vs jstack", "threads/hatch-text/seconds", "threads/jstack/seconds",
                div, "≤ 0.5", r -> r <= 0.5);
        target("thread dump: Hatch JSON vs Actuator JSON (for comparison)", "threads/hatch-json/seconds",
                "threads/actuator-json/seconds", div, "—", null);
        target("CPU added to an idle JVM's first 5 s, ms (Hatch − alone)", "startup/hatch/idle5s_cpu_ms", "startup/alone/idle5s_cpu_ms",
                minus, "≤ 300", r -> r <= 300);
        target("CPU added to an idle JVM's first 5 s, ms (Jolokia − alone, for comparison)", "startup/jolokia/idle5s_cpu_ms",
                "startup/alone/idle5s_cpu_ms", minus, "—", null);
        target("peak RSS added in an idle JVM's first 5 s, MiB (Hatch − alone; columns: KiB)", "startup/hatch/idle5s_peak_rss_kb",
                "startup/alone/idle5s_peak_rss_kb", (a, b) -> (a - b) / 1024, "≤ 15", r -> r <= 15);
        target("peak RSS added in an idle JVM's first 5 s, MiB (Jolokia − alone, for comparison)", "startup/jolokia/idle5s_peak_rss_kb",
                "startup/alone/idle5s_peak_rss_kb", (a, b) -> (a - b) / 1024, "—", null);
        target("a 2 s program that ends by itself, ms added (Hatch − alone: start and exit)", "startup/hatch/ends_itself_ms",
                "startup/alone/ends_itself_ms", minus, "—", null);
        target("its exit, from the end of main to the process's end, ms added (Hatch − alone)", "startup/hatch/exit_ms",
                "startup/alone/exit_ms", minus, "≤ 50", r -> r <= 50);
        target("a 2 s program that ends by itself, ms added (Jolokia − alone, for comparison)", "startup/jolokia/ends_itself_ms",
                "startup/alone/ends_itself_ms", minus, "—", null);
        target("start-up added to main(), ms (Hatch − alone)", "startup/hatch/main_ms", "startup/alone/main_ms",
                minus, "≤ 150", r -> r <= 150);
        target("start-up added to main(), ms (Jolokia − alone, for comparison)", "startup/jolokia/main_ms",
                "startup/alone/main_ms", minus, "—", null);
        target("agent jar, MiB (columns: bytes of Hatch's and Jolokia's agent jars)", "startup/hatch/jar_bytes", "startup/jolokia/jar_bytes",
                (a, b) -> a / 1048576.0, "≤ 3", r -> r <= 3);
        target("idle threads the agent started (Hatch vs Jolokia; by thread name)", "startup/hatch/own_threads",
                "startup/jolokia/own_threads", (a, b) -> a, "≤ 3", r -> r <= 3);
        target("threads added in /proc, agent's and the JVM's (Hatch − alone)", "startup/hatch/threads",
                "startup/alone/threads", minus, "—", null);
        target("threads added in /proc, agent's and the JVM's (Jolokia − alone, for comparison)", "startup/jolokia/threads",
                "startup/alone/threads", minus, "—", null);
        target("heap added after a full GC, MiB (Hatch − alone; columns: KiB used)", "startup/hatch/heap_used_kb", "startup/alone/heap_used_kb",
                (a, b) -> (a - b) / 1024, "≤ 5", r -> r <= 5);
        target("RSS added, MiB (Hatch − alone; columns: KiB)", "startup/hatch/rss_kb", "startup/alone/rss_kb",
                (a, b) -> (a - b) / 1024, "—", null);
        target("RSS added, MiB (Jolokia − alone, for comparison; columns: KiB)", "startup/jolokia/rss_kb", "startup/alone/rss_kb",
                (a, b) -> (a - b) / 1024, "—", null);
        md.append('\n');
    }

    private String best(String a, String b) {
        Double x = median(a);
        Double y = median(b);
        return y != null && (x == null || y > x) ? b : a;
    }

    private void target(String figure, String hatchKey, String peerKey, DoubleBinaryOperator ratio, String goal,
            java.util.function.DoublePredicate met) {
        Double h = median(hatchKey);
        Double p = median(peerKey);
        String r = "—";
        String ok = "";
        if (h != null && p != null) {
            double value = ratio.applyAsDouble(h, p);
            r = number(value);
            ok = met == null ? "" : met.test(value) ? "yes" : "**no**";
        }
        md.append("| ").append(figure).append(" | ").append(h == null ? "—" : number(h)).append(" | ")
                .append(p == null ? "—" : number(p)).append(" | ").append(r).append(" | ").append(goal).append(" | ")
                .append(ok).append(" |\n");
    }

    private void table(String title, String section, List<String> subjects, List<String> metrics) {
        List<String> present = new ArrayList<>();
        for (String m : metrics) {
            if (subjects.stream().anyMatch(s -> runs.containsKey(section + "/" + s + "/" + m))) {
                present.add(m);
            }
        }
        if (present.isEmpty()) {
            return;
        }
        md.append("## ").append(title).append("\n\n| subject |");
        present.forEach(m -> md.append(' ').append(m).append(" |"));
        md.append("\n|---|");
        present.forEach(m -> md.append("---|"));
        md.append('\n');
        for (String s : subjects) {
            md.append("| ").append(s).append(" |");
            for (String m : present) {
                Double v = median(section + "/" + s + "/" + m);
                md.append(' ').append(v == null ? "—" : number(v)).append(" |");
            }
            md.append('\n');
        }
        md.append('\n');
    }

    private static String number(double v) {
        double a = Math.abs(v);
        if (a >= 1000 || v == Math.rint(v)) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        return String.format(Locale.ROOT, a >= 100 ? "%.1f" : a >= 1 ? "%.2f" : "%.3f", v);
    }

    private String json() {
        StringJoiner metaJson = new StringJoiner(",\n    ", "{\n    ", "\n  }");
        meta.stringPropertyNames().stream().sorted()
                .forEach(k -> metaJson.add(quote(k) + ": " + quote(meta.getProperty(k))));
        StringJoiner body = new StringJoiner(",\n    ", "{\n    ", "\n  }");
        runs.forEach((k, v) -> body.add(quote(k) + ": {\"median\": " + median(k) + ", \"runs\": " + v + "}"));
        return "{\n  \"meta\": " + metaJson + ",\n  \"results\": " + body + "\n}\n";
    }

    private static String quote(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
