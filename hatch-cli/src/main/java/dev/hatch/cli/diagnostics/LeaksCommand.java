package dev.hatch.cli.diagnostics;

import dev.hatch.cli.output.Doc;
import dev.hatch.cli.output.Table;
import dev.hatch.cli.output.Text;
import java.io.PrintStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code hatch leaks}: the leak report, readable: verdict, growth, confidence, suspects. */
@Command(name = "leaks", description = "The leak report: verdict, heap growth, confidence, projected exhaustion, top suspects.")
public final class LeaksCommand extends AnswerCommand {
    @Override
    public Integer call() {
        return show(root.client().get("/leaks", "leak detector"), "the leak report");
    }

    @Override
    void show(Doc doc, PrintStream out) {
        lines(doc).forEach(out::println);
    }

    static List<String> lines(Doc doc) {
        List<String> out = new java.util.ArrayList<>();
        Doc heap = doc.get("heap");
        out.add("verdict      " + Text.line(doc.get("verdict").str("?"), 20).toUpperCase(Locale.ROOT));
        double growth = heap.get("growthBytesPerMinute").num();
        if (!Double.isNaN(growth)) {
            out.add("heap growth  " + (growth >= 0 ? "+" : "") + Text.bytes(growth) + "/min"
                    + (heap.get("baselineBytes").present() ? " over a baseline of " + Text.bytes(heap.get("baselineBytes").num()) : ""));
        }
        double confidence = heap.get("confidence").num();
        if (!Double.isNaN(confidence)) {
            out.add(String.format(Locale.ROOT, "confidence   %.2f", confidence)
                    + (heap.get("samples").present() ? " (" + heap.get("samples").lng(0) + " samples after GC)" : ""));
        }
        String exhaustion = heap.get("projectedExhaustion").str();
        if (exhaustion != null) {
            out.add("exhaustion   " + Text.line(exhaustion, 40) + inHowLong(exhaustion));
        } else if (heap.present()) {
            out.add("exhaustion   not projected");
        }
        String explanation = doc.get("explanation").str();
        if (explanation != null && !explanation.isBlank()) {
            out.add("");
            out.add(Text.line(explanation, 400));
        }
        List<Doc> suspects = doc.get("suspects").list();
        if (!suspects.isEmpty()) {
            out.add("");
            out.add("suspects, most likely first:");
            Table t = new Table(">BYTES +", ">INSTANCES +", "CLASS");
            int shown = 0;
            for (Doc s : suspects) {
                if (shown++ == 10) {
                    break;
                }
                double bytes = s.get("bytesGrowth").num();
                double instances = s.get("instancesGrowth").num();
                t.row(Double.isNaN(bytes) ? "" : Text.bytes(bytes), Double.isNaN(instances) ? "" : Long.toString((long) instances),
                        Text.line(s.get("class").str("?"), 100));
            }
            java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
            java.io.PrintStream ps = new java.io.PrintStream(buf, true, java.nio.charset.StandardCharsets.UTF_8);
            t.print(ps);
            for (String line : buf.toString(java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
                out.add("  " + line);
            }
            for (Doc s : suspects.subList(0, Math.min(3, suspects.size()))) {
                List<Doc> sites = s.get("allocationSites").list();
                if (!sites.isEmpty()) {
                    out.add("  " + Text.line(s.get("class").str("?"), 100) + " allocated at:");
                    for (Doc site : sites.subList(0, Math.min(3, sites.size()))) {
                        out.add("      " + Text.line(site.str("?"), 160));
                    }
                }
            }
        }
        Doc nonHeap = doc.get("nonHeap");
        if (!nonHeap.members().isEmpty()) {
            out.add("");
            for (Map.Entry<String, Doc> e : nonHeap.members().entrySet()) {
                String verdict = e.getValue().first("verdict", "status").str();
                String current = e.getValue().first("current", "count", "value").str();
                out.add(String.format(Locale.ROOT, "%-16s %s", Text.line(e.getKey(), 16),
                        (verdict == null ? "" : verdict) + (current == null ? "" : (verdict == null ? "" : ", ") + "now " + current)).stripTrailing());
            }
        }
        return out;
    }

    private static String inHowLong(String instant) {
        try {
            long ms = Instant.parse(instant).toEpochMilli() - System.currentTimeMillis();
            return ms > 0 ? " (in " + Text.duration(ms) + ")" : "";
        } catch (DateTimeParseException e) {
            return "";
        }
    }
}
