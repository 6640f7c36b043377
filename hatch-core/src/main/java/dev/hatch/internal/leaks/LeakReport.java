package dev.hatch.internal.leaks;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Builds the {@code GET /ops/leaks} document (format fixed by API.md) and its explanation. */
final class LeakReport {
    private final long now;
    private final double max;
    private final Assessment heap;
    private final Verdict heapVerdict;
    private final String note;
    private final long lastLive;
    private final Evidence ev;
    private final List<Suspects.Suspect> suspects;
    private final NonHeap nonHeap;
    private final NativeMemory nativeMemory;
    private final int snapshots;
    private final boolean histograms;
    private final java.util.function.Function<String, List<String>> sites;

    /**
     * What the detector has seen since it started, for the explanation (all times epoch ms).
     *
     * @param originMs when the detector started
     * @param trusted readings of the live heap: samples after collections that collected the old generation
     * @param young samples after young collections (upper bounds)
     * @param sampled heap readings taken on the timer without a collection
     * @param lastLiveMs when the latest reading of the live heap was taken, or -1
     * @param lastSampledBytes the heap's usage at the latest timer reading, or -1
     * @param sampleIntervalMs {@code hatch.leaks.sample-interval}
     * @param nextSampleMs when the timer reads the heap next if no collection comes first
     * @param needsConfirmation whether upper bounds or timer readings rise enough to call for a full collection
     * @param blocks the most time blocks the live-heap readings fill in either tier
     */
    record Evidence(long originMs, long trusted, long young, long sampled, long lastLiveMs, long lastSampledBytes,
                    long sampleIntervalMs, long nextSampleMs, boolean needsConfirmation, int blocks) {
    }

    /** {@code n} and the noun, plural unless n is 1. */
    private static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    LeakReport(long now, double max, Assessment heap, Verdict heapVerdict, String note, long lastLive, Evidence ev,
               List<Suspects.Suspect> suspects, NonHeap nonHeap, NativeMemory nativeMemory, int snapshots, boolean histograms,
               java.util.function.Function<String, List<String>> sites) {
        this.now = now;
        this.max = max;
        this.heap = heap;
        this.heapVerdict = heapVerdict;
        this.note = note;
        this.lastLive = lastLive;
        this.ev = ev;
        this.suspects = suspects;
        this.nonHeap = nonHeap;
        this.nativeMemory = nativeMemory;
        this.snapshots = snapshots;
        this.histograms = histograms;
        this.sites = sites;
    }

    /** The report before the first judgement. */
    static Map<String, Object> starting(long intervalMs) {
        return skeleton("none", "The leak detector is starting: its first look at the heap comes within " + duration(intervalMs) + ".");
    }

    /** The report when the detector could not start. */
    static Map<String, Object> unavailable(String reason) {
        return skeleton("none", "The leak detector could not start (" + reason + "); the application log has the details.");
    }

    private static Map<String, Object> skeleton(String verdict, String explanation) {
        Map<String, Object> heap = new LinkedHashMap<>();
        heap.put("baselineBytes", null);
        heap.put("growthBytesPerMinute", 0);
        heap.put("confidence", 0.0);
        heap.put("samples", 0);
        heap.put("projectedExhaustion", null);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("verdict", verdict);
        m.put("heap", heap);
        m.put("suspects", List.of());
        m.put("nonHeap", Map.of());
        m.put("explanation", explanation);
        return m;
    }

    Map<String, Object> toMap(Verdict overall) {
        Trend t = heap.trend();
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("baselineBytes", t.points() >= 2 ? (Object) Math.round(Math.max(0, t.fitAt(t.firstT()))) : lastLive >= 0 ? lastLive : null);
        h.put("growthBytesPerMinute", Math.round(t.slopePerMs() * 60_000));
        h.put("confidence", round(t.points() >= 2 ? t.confidence() : 0));
        h.put("samples", t.samples());
        boolean growing = heap.verdict().compareTo(Verdict.WATCH) >= 0 && heap.millisToLimit() >= 0;
        h.put("projectedExhaustion", growing ? Instant.ofEpochMilli(now + (long) Math.min(heap.millisToLimit(), 3.0e12)).toString() : null);
        List<Object> s = new ArrayList<>();
        for (Suspects.Suspect x : suspects) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("class", x.className());
            m.put("bytesGrowth", x.bytesGrowth());
            m.put("instancesGrowth", x.instancesGrowth());
            m.put("allocationSites", sites.apply(x.className()));
            s.add(m);
        }
        Map<String, Object> nh = new LinkedHashMap<>();
        for (Map.Entry<String, Map<String, Object>> e : nonHeap.current().entrySet()) {
            Map<String, Object> m = new LinkedHashMap<>(e.getValue());
            Assessment a = nonHeap.assessments().get(e.getKey());
            if (a != null) {
                m.put("verdict", a.verdict());
                m.put("growthPerMinute", round(a.trend().slopePerMs() * 60_000));
                m.put("confidence", round(a.trend().points() >= 2 ? a.trend().confidence() : 0));
            }
            nh.put(e.getKey(), m);
        }
        if (nativeMemory != null) {
            Map<String, Object> m = nativeMemory.facts();
            Assessment a = nativeMemory.assessment();
            m.put("verdict", a.verdict());
            m.put("growthBytesPerMinute", Math.round(a.trend().slopePerMs() * 60_000));
            m.put("confidence", round(a.trend().points() >= 2 ? a.trend().confidence() : 0));
            nh.put("nativeMemory", m);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("verdict", overall);
        out.put("heap", h);
        out.put("suspects", s);
        out.put("nonHeap", nh);
        out.put("explanation", explanation(overall));
        return out;
    }

    private String explanation(Verdict overall) {
        String worst = null;
        for (Map.Entry<String, Assessment> e : nonHeap.assessments().entrySet()) {
            if (e.getValue().verdict() == overall && overall.compareTo(heapVerdict) > 0 && worst == null) {
                worst = e.getKey();
            }
        }
        if (worst != null) {
            return nonHeapText(worst, nonHeap.assessments().get(worst));
        }
        if (nativeMemory != null && nativeMemory.contribution() == overall && overall.compareTo(heapVerdict) > 0) {
            return nativeMemory.explanation();
        }
        Trend t = heap.trend();
        return switch (heapVerdict) {
            case NONE -> t.points() < Assessment.N_WATCH || lastLive < 0 ? noVerdictYet() : noLeakText(t);
            case WATCH -> watchText(t);
            case SUSPECTED, LIKELY -> leakText(t);
        };
    }

    /** The live heap as the report measures it, with when, so that it can be matched against GET /ops/memory. */
    private String live() {
        return bytes(lastLive) + " (the old generation right after the latest collection that collected it, "
                + Instant.ofEpochMilli(ev.lastLiveMs()) + ")";
    }

    private String noLeakText(Trend t) {
        double material = Math.max(max / 100, 1 << 20);
        String trend;
        if (t.slopePerMs() <= 0) {
            trend = "it has not grown over the last " + duration(t.spanMs());
        } else if (t.p() > Assessment.P_WATCH) {
            trend = "it shows no consistent rise over the last " + duration(t.spanMs()) + " (confidence "
                    + String.format(Locale.ROOT, "%.1f", 100 * t.confidence()) + "%, a rise needs 95%)";
        } else {
            trend = "it grew by only " + bytes(t.growth()) + " over the last " + duration(t.spanMs()) + ", less than the "
                    + bytes(material) + " (1 % of the limit) that counts as growth";
        }
        return "No leak: the live heap is " + live() + " of the old generation's " + bytes(max) + " limit, and " + trend
                + "; threads, file descriptors, direct buffers, classes" + (nativeMemory == null ? "" : " and resident memory")
                + " are steady.";
    }

    /** Why there is no verdict yet: what was seen since the detector started, and what it waits for. */
    private String noVerdictYet() {
        String since = " in the " + duration(now - ev.originMs()) + " since the detector started";
        String timer = "every " + duration(ev.sampleIntervalMs()) + " without a collection (hatch.leaks.sample-interval)";
        if (ev.trusted() == 0 && ev.young() == 0) {
            if (ev.sampled() == 0) {
                return "No verdict yet: no garbage collection has run" + since + ", so there is no reading of the live heap. "
                        + "The detector reads the heap's usage " + timer + "; the first reading is due by "
                        + Instant.ofEpochMilli(ev.nextSampleMs()) + ".";
            }
            return "No verdict yet: no garbage collection has run" + since + ". The heap's usage was read " + count(ev.sampled(), "time")
                    + " instead, " + timer + " (" + bytes(ev.lastSampledBytes()) + " at the latest); such readings"
                    + " include garbage not collected yet, so alone they cannot show a leak: " + confirmation();
        }
        String also = ev.sampled() > 0 ? " (and the heap's usage was read " + count(ev.sampled(), "time") + " " + timer + ")" : "";
        if (ev.trusted() == 0) {
            return "No verdict yet: " + count(ev.young(), "young collection") + " ran" + since + also + ", but none collected the old"
                    + " generation, so there is no reading of the live heap yet, only upper bounds that include promoted garbage: "
                    + confirmation();
        }
        String young = ev.young() > 0 ? "; " + count(ev.young(), "young collection") + " gave upper bounds only" : "";
        return "No verdict yet: " + count(ev.trusted(), "reading") + " of the live heap" + since
                + also + " (the latest: " + live() + ") fill " + ev.blocks() + " of the " + Assessment.N_WATCH
                + " time blocks a trend needs" + young + ". " + (ev.needsConfirmation() ? confirmation()
                : "More come with the JVM's own collections of the old generation"
                + (histograms ? " and with the detector's histograms once the heap rises between them." : "."));
    }

    /** What the detector does about readings that are only upper bounds. */
    private String confirmation() {
        if (!ev.needsConfirmation()) {
            return "they do not rise, so there is nothing to confirm; a verdict waits for a collection of the old generation"
                    + (histograms ? " (the JVM's own, or the detector's class histogram once they rise)." : ".");
        }
        return histograms ? "they rise, so the detector confirms with class histograms (each a full collection) as its pause"
                + " budget allows (hatch.leaks.histogram-budget)."
                : "they rise, but histograms are disabled (hatch.leaks.histograms=false), so a verdict waits for the JVM's own"
                + " full collection.";
    }

    private String watchText(Trend t) {
        if ("unconfirmed".equals(note)) {
            return "The old generation grows between young collections, which may be promoted garbage rather than a leak; "
                    + (histograms ? "the detector is confirming with occasional full collections (class histograms)."
                    : "histograms are disabled (hatch.leaks.histograms=false), so it waits for the collector's own full collections.");
        }
        String why = "levelled".equals(note) ? "the old generation has stopped growing since (levelling off, e.g. a cache that has warmed up)"
                : heap.why().isEmpty() ? "the evidence is not yet strong enough to call it a leak" : "it is " + heap.why();
        return "The live heap grew by " + bytes(Math.max(0, t.growth())) + " over " + duration(t.spanMs())
                + (lastLive >= 0 ? " and is now " + live() : "") + ", but " + why + "; no action needed yet.";
    }

    private String leakText(Trend t) {
        StringBuilder sb = new StringBuilder();
        if ("backstop".equals(note)) {
            sb.append("The live heap is ").append(live()).append(", ")
                    .append(Math.round(100.0 * lastLive / max)).append("% of the old generation's ").append(bytes(max))
                    .append(" limit even right after a full collection: an OutOfMemoryError is close. ");
        } else {
            sb.append("The live heap").append(lastLive >= 0 ? ", " + live() + "," : "").append(" grows by ")
                    .append(bytes(t.slopePerMs() * 60_000)).append("/min (confidence ")
                    .append(String.format(Locale.ROOT, "%.1f", 100 * t.confidence())).append("%) and would fill the old generation's ")
                    .append(bytes(max)).append(" limit in about ").append(duration(heap.millisToLimit())).append(". ");
        }
        if (!suspects.isEmpty()) {
            Suspects.Suspect top = suspects.get(0);
            sb.append(top.application() ? "The growing application class is " : "The fastest steady grower is ")
                    .append(top.className()).append(" (+").append(top.instancesGrowth()).append(" instances, +")
                    .append(bytes(top.bytesGrowth())).append(" across ").append(snapshots).append(" histograms). ")
                    .append("Take a heap dump (POST /ops/heapdumps) and look at what retains ").append(top.className()).append('.');
        } else if (histograms) {
            sb.append("Class histograms are being taken to name the growing classes; meanwhile a heap dump (POST /ops/heapdumps) shows what retains the memory.");
        } else {
            sb.append("Take a heap dump (POST /ops/heapdumps) to see what retains the memory, or enable hatch.leaks.histograms.");
        }
        return sb.toString();
    }

    private String nonHeapText(String name, Assessment a) {
        Map<String, Object> f = nonHeap.current().get(name);
        String rate = String.format(Locale.ROOT, "%.1f", a.trend().slopePerMs() * 60_000);
        String conf = String.format(Locale.ROOT, "%.1f", 100 * a.trend().confidence());
        return switch (name) {
            case "threads" -> "Live threads grow by " + rate + "/min (" + f.get("count") + " now, confidence " + conf
                    + "%): threads are started and never end. GET /ops/threads shows which; look for executors that are never shut down.";
            case "fileDescriptors" -> "Open file descriptors grow by " + rate + "/min (" + f.get("open") + " of " + f.get("max")
                    + ", confidence " + conf + "%): streams, sockets or files are opened and not closed.";
            case "directBuffers" -> "Direct buffer memory grows by " + bytes(a.trend().slopePerMs() * 60_000) + "/min ("
                    + bytes(((Number) f.get("memoryUsedBytes")).doubleValue()) + " of " + bytes(((Number) f.get("maxBytes")).doubleValue())
                    + ", confidence " + conf + "%): direct ByteBuffers are allocated and kept reachable. A heap dump shows what holds the DirectByteBuffer objects.";
            default -> "Loaded classes grow (" + f.get("loaded") + " loaded, " + f.get("unloaded") + " unloaded, confidence " + conf
                    + "%): class loaders are created and stay reachable, a class-loader leak. A heap dump shows what retains the loaders.";
        };
    }

    /** The detector's view of one tier, for {@code GET /ops/memory}. */
    static Map<String, Object> tier(Assessment a, Envelope e, long originMs) {
        Trend t = a.trend();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("verdict", a.verdict());
        if (!a.why().isEmpty()) {
            m.put("capped", a.why());
        }
        m.put("blockMs", e.blockMs());
        m.put("points", t.points());
        m.put("samples", t.samples());
        m.put("growthBytesPerMinute", Math.round(t.slopePerMs() * 60_000));
        m.put("confidence", round(t.points() >= 2 ? t.confidence() : 0));
        m.put("levelling", t.levelling());
        m.put("step", t.step());
        m.put("millisToLimit", a.millisToLimit() < 0 ? null : (Object) Math.round(Math.min(a.millisToLimit(), 3.0e12)));
        double[] times = e.times();
        double[] values = e.values();
        List<Object> points = new ArrayList<>(times.length);
        for (int i = 0; i < times.length; i++) {
            points.add(List.of(Instant.ofEpochMilli(originMs + (long) times[i]).toString(), Math.round(values[i])));
        }
        m.put("envelope", points);
        return m;
    }

    static double round(double v) {
        return Math.round(v * 10_000) / 10_000.0;
    }

    static String bytes(double b) {
        double a = Math.abs(b);
        if (a >= 1L << 30) {
            return String.format(Locale.ROOT, "%.1f GiB", b / (1L << 30));
        }
        if (a >= 1L << 20) {
            return String.format(Locale.ROOT, "%.1f MiB", b / (1L << 20));
        }
        if (a >= 1L << 10) {
            return String.format(Locale.ROOT, "%.1f KiB", b / (1L << 10));
        }
        return Math.round(b) + " B";
    }

    static String duration(double ms) {
        if (ms < 0 || Double.isNaN(ms)) {
            return "an unknown time";
        }
        Duration d = Duration.ofMillis((long) Math.min(ms, 3.0e12));
        if (d.toDays() >= 2) {
            return d.toDays() + " days";
        }
        if (d.toHours() >= 2) {
            return d.toHours() + " hours";
        }
        if (d.toMinutes() >= 2) {
            return d.toMinutes() + " minutes";
        }
        long seconds = Math.max(d.toSeconds(), 0);
        return seconds == 1 ? "1 second" : seconds + " seconds";
    }
}
