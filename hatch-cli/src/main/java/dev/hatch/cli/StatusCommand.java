package dev.hatch.cli;

import dev.hatch.cli.connection.Failures;
import dev.hatch.cli.connection.HatchClient;
import dev.hatch.cli.output.CliException;
import dev.hatch.cli.output.Doc;
import dev.hatch.cli.output.OutputOptions;
import dev.hatch.cli.output.Text;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * {@code hatch status}: health, uptime, heap and leak verdict in a few lines, from
 * {@code /ops/health}, {@code /ops/info}, {@code /ops/memory} and {@code /ops/leaks}. Only the
 * health check must answer; the others are shown as unavailable when this Hatch version or this
 * token does not offer them. Exits 1 when the service reports DOWN.
 */
@Command(name = "status", description = "Health, uptime, heap use and leak verdict in a few lines.")
public final class StatusCommand implements Callable<Integer> {
    @ParentCommand
    HatchCommand root;

    /** What the four routes answered; a part is a reply or the failure that stood in its way. */
    public record Report(HatchClient.Reply health, Part info, Part memory, Part leaks) {
        /** Whether the service reports UP. */
        public boolean up() {
            return health.status() == 200;
        }

        /** What {@code --json} prints: each answer as it came, {@code null} where a route was not available. */
        public Map<String, Object> json() {
            return OutputOptions.object("health", health.raw(), "info", info.raw(), "memory", memory.raw(), "leaks", leaks.raw());
        }
    }

    /** One optional part of the report. */
    public record Part(HatchClient.Reply reply, CliException failure) {
        Doc doc(String what) {
            return reply == null ? Doc.of(null) : reply.json(what);
        }

        OutputOptions.Raw raw() {
            return reply == null ? null : reply.raw();
        }
    }

    @Override
    public Integer call() {
        HatchClient client = root.client();
        Report report = gather(client);
        Map<String, Object> json = OutputOptions.object("url", client.target().toString());
        json.putAll(report.json());
        root.output().print(root.out(), json, out -> {
            out.println(client.target());
            for (String line : lines(report)) {
                out.println("  " + line);
            }
        });
        if (!report.up()) {
            throw CliException.failed("the service reports DOWN" + failing(report.health().json("the health check")));
        }
        return 0;
    }

    /** Asks the four routes at once; fails only when the health check cannot be had. */
    public static Report gather(HatchClient client) {
        CompletableFuture<HatchClient.Reply> health = client.callAsync("GET", client.target().resolve("/health"), null,
                client.timeout(), "health check", 503);
        CompletableFuture<Part> info = part(client, "/info", "process information");
        CompletableFuture<Part> memory = part(client, "/memory", "memory view");
        CompletableFuture<Part> leaks = part(client, "/leaks", "leak detector");
        HatchClient.Reply h = client.await(health, client.timeout().multipliedBy(2));
        if (h.status() == 503 && h.headers().firstValue("Content-Type").orElse("").contains("problem")) {
            throw Failures.fromStatus(503, h.headers(), h.body(), "GET", h.uri(), "health check");
        }
        return new Report(h, info.join(), memory.join(), leaks.join());
    }

    private static CompletableFuture<Part> part(HatchClient client, String route, String what) {
        return client.callAsync("GET", client.target().resolve(route), null, client.timeout(), what)
                .orTimeout(client.timeout().multipliedBy(2).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                .handle((r, e) -> e == null ? new Part(r, null)
                        : new Part(null, Failures.fromException(e, client.target(), client.timeout())));
    }

    /** The report as a few readable lines. */
    public static List<String> lines(Report r) {
        List<String> lines = new ArrayList<>();
        Doc health = r.health().json("the health check");
        String checks = summary(health.get("checks"));
        lines.add("health   " + Text.line(health.get("status").str("?"), 20) + (checks.isEmpty() ? "" : " (" + checks + ")"));
        if (r.info().reply() != null) {
            Doc info = r.info().doc("process information");
            Doc jvm = info.get("jvm");
            lines.add("process  pid " + info.get("pid").str("?") + ", up " + Text.duration(info.get("uptimeMs").lng(0))
                    + ", " + Text.line(jvm.get("name").str("JVM"), 60) + " " + Text.line(jvm.get("version").str(""), 30));
        } else {
            lines.add("process  " + unavailable(r.info().failure()));
        }
        lines.add("heap     " + heap(r));
        lines.add("leaks    " + (r.leaks().reply() != null ? leakLine(r.leaks().doc("leak report")) : unavailable(r.leaks().failure())));
        return lines;
    }

    private static String heap(Report r) {
        Doc mem = r.memory().reply() != null ? r.memory().doc("memory view").get("heap") : Doc.of(null);
        double used = mem.first("usedBytes", "used").num();
        double max = mem.first("maxBytes", "max").num();
        if (Double.isNaN(max) || max <= 0) {
            max = r.info().reply() != null ? r.info().doc("process information").get("jvm").get("maxHeapBytes").num() : Double.NaN;
        }
        if (!Double.isNaN(used) && !Double.isNaN(max) && max > 0) {
            return Text.bytes(used) + " used of " + Text.bytes(max) + String.format(Locale.ROOT, " (%.0f%%)", used * 100 / max);
        }
        String maxText = Double.isNaN(max) ? "" : "max " + Text.bytes(max) + "; ";
        return maxText + "used: " + unavailable(r.memory().failure());
    }

    /** One line for a leak report: verdict, growth, confidence. */
    public static String leakLine(Doc leaks) {
        Doc heap = leaks.get("heap");
        StringBuilder sb = new StringBuilder(Text.line(leaks.get("verdict").str("?"), 20));
        double growth = heap.get("growthBytesPerMinute").num();
        double confidence = heap.get("confidence").num();
        if (!Double.isNaN(growth)) {
            sb.append(", heap ").append(growth >= 0 ? "+" : "").append(Text.bytes(growth)).append("/min");
        }
        if (!Double.isNaN(confidence)) {
            sb.append(String.format(Locale.ROOT, ", confidence %.2f", confidence));
        }
        return sb.toString();
    }

    private static String summary(Doc checks) {
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, Doc> e : checks.members().entrySet()) {
            parts.add(Text.line(e.getKey(), 40) + " " + Text.line(e.getValue().get("status").str("?"), 10));
        }
        return String.join(", ", parts);
    }

    private static String failing(Doc health) {
        List<String> down = new ArrayList<>();
        for (Map.Entry<String, Doc> e : health.get("checks").members().entrySet()) {
            if (!"UP".equals(e.getValue().get("status").str())) {
                String detail = e.getValue().get("detail").str();
                down.add(Text.line(e.getKey(), 40) + (detail == null ? "" : ": " + Text.line(detail, 80)));
            }
        }
        return down.isEmpty() ? "" : " (failing: " + String.join("; ", down) + ")";
    }

    /** Why a part is missing, shortly. */
    static String unavailable(CliException failure) {
        if (failure == null) {
            return "unavailable";
        }
        return switch (failure.exitCode()) {
            case CliException.NOT_FOUND -> "not offered by this Hatch version";
            case CliException.FORBIDDEN -> "not allowed for this token (" + failure.getMessage().replaceFirst("^403 forbidden: ", "") + ")";
            default -> "unavailable: " + failure.getMessage();
        };
    }
}
