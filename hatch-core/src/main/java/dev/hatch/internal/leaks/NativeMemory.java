package dev.hatch.internal.leaks;

import dev.hatch.internal.container.ContainerMemory;
import dev.hatch.internal.container.ContainerMemorySnapshot;
import dev.hatch.internal.container.JvmMemory;
import dev.hatch.internal.container.NmtSummary;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.time.Instant;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Memory past the heap, judged like the heap: every detector tick reads the process's resident
 * set size, the cgroup's limit and usage, and each category the JVM accounts for (thread stacks,
 * metaspace, code cache, direct and mapped buffers, the committed heap, NMT's categories when
 * NMT is on, and what none of them accounts for), and runs the same two-tier trend over each.
 *
 * <p>The native verdict rests on the resident set size: its trend, judged against the cgroup's
 * limit when there is one (time to the limit at the fitted rate, as for the heap) and by relative
 * growth otherwise. It rises above {@code watch} only when it can name the growing category and
 * the heap is flat (its own verdict below {@code suspected}, the committed heap not the category
 * that grows): a growing heap is the heap detector's finding, not a native leak.
 *
 * <p>Cost per tick: a few small {@code /proc} and cgroup files (no {@code smaps_rollup}) and the
 * JVM's memory beans; NMT's summary through the DiagnosticCommand MBean when NMT is on.
 * Owned by the detector's thread; {@link #published()} is safe from any thread.
 */
final class NativeMemory {
    private static final long MIB = 1L << 20;
    /** Below this, RSS growth over the window is noise whatever the statistics say. */
    static final long RSS_MATERIAL = 16 * MIB;
    /** Below this, a category's growth over the window is noise. */
    static final long CATEGORY_MATERIAL = 4 * MIB;
    /** The category named must account for at least this share of the RSS growth rate. */
    static final double NAMED_SHARE = 0.25;
    /**
     * A JVM's resident memory rises in its first seconds whatever it does (classes, compiled
     * code, heap pages touched for the first time): RSS growth seen over less than this is not
     * called more than {@code watch}.
     */
    static final long MIN_SPAN_MS = 30_000;

    private final ContainerMemory source;
    private final List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP).toList();
    private final Tiers rss;
    private final Map<String, Tiers> categories = new LinkedHashMap<>();
    private final long blockMs;

    private Assessment rssAssessment = Assessment.NONE;
    private final Map<String, Assessment> categoryAssessments = new LinkedHashMap<>();
    private final Map<String, Long> categoryBytes = new LinkedHashMap<>();
    private Assessment verdictAssessment = Assessment.NONE;
    private String growing;
    private String why = "";
    private long rssNow = -1;
    private Long limit;
    private Long usage;
    private long samples;
    private volatile Map<String, Object> published;

    NativeMemory(ContainerMemory source, long blockMs) {
        this.source = source;
        this.blockMs = blockMs;
        this.rss = new Tiers(blockMs);
        this.published = starting(blockMs);
    }

    /** What {@code GET /ops/memory/container} shows before the first sample. */
    static Map<String, Object> starting(long blockMs) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("verdict", Verdict.NONE);
        m.put("growing", null);
        m.put("explanation", "The native-memory trend starts with the leak detector's first look, within "
                + LeakReport.duration(blockMs) + ".");
        m.put("samples", 0);
        return m;
    }

    /** What {@code GET /ops/memory/container} shows when the leak detector is off. */
    static Map<String, Object> disabled() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("verdict", Verdict.NONE);
        m.put("growing", null);
        m.put("explanation", "No trend: the leak detector, which samples native memory, is disabled (hatch.leaks.enabled=false).");
        m.put("samples", 0);
        return m;
    }

    /** Reads everything once and re-judges; {@code heapVerdict} is the heap detector's. */
    void sample(long now, Verdict heapVerdict) {
        ContainerMemorySnapshot s = source.sample();
        Long resident = s.process().rssBytes();
        if (resident == null) {
            published = unreadable(s);
            return;
        }
        samples++;
        rssNow = resident;
        limit = s.cgroup().limitBytes();
        usage = s.cgroup().usageBytes();
        rss.add(now, resident);

        Map<String, Long> readings = readings(s);
        categoryBytes.clear();
        categoryBytes.putAll(readings);
        for (Map.Entry<String, Long> e : readings.entrySet()) {
            Tiers t = categories.computeIfAbsent(e.getKey(), k -> new Tiers(blockMs));
            t.add(now, e.getValue());
            categoryAssessments.put(e.getKey(), t.assess(now, trend -> Assessment.relative(trend, CATEGORY_MATERIAL)));
        }

        if (limit != null && usage != null) {
            // The cgroup counts page cache and other processes too: the RSS may grow by the headroom,
            // from where its trend stands now (the envelope follows the blocks' minima, not the last reading).
            long headroom = Math.max(0, limit - usage);
            rssAssessment = rss.assess(now, t -> Assessment.withLimit(t, Math.max(t.fitAt(now), 0) + headroom,
                    Math.max(RSS_MATERIAL, limit / 100.0), now));
        } else {
            rssAssessment = rss.assess(now, t -> Assessment.relative(t, RSS_MATERIAL));
        }
        judge(heapVerdict);
        published = toJson(now);
    }

    private void judge(Verdict heapVerdict) {
        growing = null;
        why = "";
        Verdict v = rssAssessment.verdict();
        if (v == Verdict.NONE) {
            verdictAssessment = rssAssessment;
            return;
        }
        double rssRate = rssAssessment.trend().slopePerMs();
        double best = 0;
        for (Map.Entry<String, Assessment> e : categoryAssessments.entrySet()) {
            Assessment a = e.getValue();
            double rate = a.trend().slopePerMs();
            if (a.verdict().compareTo(Verdict.WATCH) >= 0 && rate >= NAMED_SHARE * rssRate && rate > best) {
                best = rate;
                growing = e.getKey();
            }
        }
        if (growing == null) {
            why = "no single category grows with it";
            v = v.min(Verdict.WATCH);
        } else if (rssAssessment.trend().spanMs() < MIN_SPAN_MS) {
            why = "seen for less than " + LeakReport.duration(MIN_SPAN_MS) + ", which may be the JVM warming up";
            v = v.min(Verdict.WATCH);
        } else if (categoryAssessments.get(growing).verdict().compareTo(Verdict.SUSPECTED) < 0) {
            why = "its growth is not yet sustained enough to call it a leak";
            v = v.min(Verdict.WATCH);
        } else if (growing.startsWith("heap") || heapVerdict.compareTo(Verdict.SUSPECTED) >= 0) {
            why = "the heap grows too: GET /ops/leaks judges the heap";
            v = v.min(Verdict.WATCH);
        }
        Assessment a = rssAssessment;
        verdictAssessment = new Assessment(v, a.trend(), a.limit(), a.millisToLimit(), why.isEmpty() ? a.why() : why);
    }

    /**
     * Each category's bytes now. The heap is two of them, so that its growth is told apart from
     * a native leak: committed, and touched (the heap pools' peak usage, at most the committed
     * size: a page once used stays resident, which is how RSS grows while a young JVM's heap
     * warms up even though nothing leaks). {@code otherNative} is RSS less everything the JVM
     * accounts for, the heap counted as touched.
     */
    private Map<String, Long> readings(ContainerMemorySnapshot s) {
        Map<String, Long> m = new LinkedHashMap<>();
        JvmMemory jvm = s.jvm();
        if (jvm == null) {
            return m;
        }
        long touched = 0;
        for (MemoryPoolMXBean p : heapPools) {
            MemoryUsage peak = p.getPeakUsage();
            touched += peak == null ? 0 : peak.getUsed();
        }
        touched = Math.min(touched, jvm.heapCommittedBytes());
        m.put("heapCommitted", jvm.heapCommittedBytes());
        m.put("heapTouched", touched);
        m.put("threadStacks", jvm.threadStacksBytes());
        long metaspace = 0;
        long code = 0;
        for (JvmMemory.Pool p : jvm.nonHeapPools()) {
            if (p.name().equals("Metaspace")) {
                metaspace = p.committedBytes();
            } else if (p.name().startsWith("CodeHeap") || p.name().equals("Code Cache")) {
                code += p.committedBytes();
            }
        }
        m.put("metaspace", metaspace);
        m.put("codeCache", code);
        long direct = 0;
        long mapped = 0;
        for (JvmMemory.BufferPool b : jvm.bufferPools()) {
            if (b.name().equals("direct")) {
                direct = b.memoryUsedBytes();
            } else if (b.name().startsWith("mapped")) {
                mapped += b.memoryUsedBytes();
            }
        }
        m.put("directBuffers", direct);
        m.put("mappedBuffers", mapped);
        if (s.process().rssBytes() != null) {
            m.put("otherNative", s.process().rssBytes() - touched - jvm.nonHeapCommittedBytes() - jvm.bufferPoolsBytes()
                    - jvm.threadStacksBytes());
        }
        NmtSummary nmt = jvm.nmt();
        if (nmt.enabled()) {
            nmt.categories().forEach((name, c) -> {
                if (!name.equals("Java Heap")) {
                    m.put("nmt." + name, c.committedBytes());
                }
            });
        }
        return m;
    }

    /** The verdict that counts towards the overall one. */
    Assessment assessment() {
        return verdictAssessment;
    }

    /**
     * What the native trend adds to the leak report's overall verdict: its verdict when it names
     * a growing category and nothing held it back; {@code none} while it is only the heap growing,
     * a JVM warming up or no category to name, which the trend shows but which is not a finding.
     */
    Verdict contribution() {
        return growing != null && why.isEmpty() ? verdictAssessment.verdict() : Verdict.NONE;
    }

    /** The growing category, or null. */
    String growing() {
        return growing;
    }

    /** The latest trend for {@code GET /ops/memory/container}; immutable once published. */
    Map<String, Object> published() {
        return published;
    }

    /** The facts for {@code GET /ops/leaks}'s {@code nonHeap.nativeMemory}. */
    Map<String, Object> facts() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rssBytes", rssNow < 0 ? null : rssNow);
        m.put("growing", growing);
        m.put("limitBytes", limit);
        m.put("millisToLimit", millisToLimit());
        return m;
    }

    private Long millisToLimit() {
        double ttl = rssAssessment.millisToLimit();
        return limit == null || ttl < 0 || rssAssessment.verdict() == Verdict.NONE ? null : Math.round(Math.min(ttl, 3.0e12));
    }

    private Map<String, Object> toJson(long now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("verdict", verdictAssessment.verdict());
        m.put("growing", growing);
        m.put("explanation", explanation());
        m.put("samples", samples);
        m.put("intervalMs", blockMs);
        m.put("rss", series(rssNow, rssAssessment));
        m.put("limitBytes", limit);
        m.put("headroomBytes", limit == null || usage == null ? null : Math.max(0, limit - usage));
        Long ttl = millisToLimit();
        m.put("millisToLimit", ttl);
        m.put("limitReachedAt", ttl == null ? null : Instant.ofEpochMilli(now + ttl).toString());
        Map<String, Object> cats = new LinkedHashMap<>();
        categoryBytes.forEach((name, bytes) -> cats.put(name, series(bytes, categoryAssessments.get(name))));
        m.put("categories", cats);
        return java.util.Collections.unmodifiableMap(m);
    }

    private static Map<String, Object> series(long bytes, Assessment a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("bytes", bytes);
        m.put("growthBytesPerMinute", Math.round(a.trend().slopePerMs() * 60_000));
        m.put("confidence", LeakReport.round(a.trend().points() >= 2 ? a.trend().confidence() : 0));
        m.put("verdict", a.verdict());
        return m;
    }

    /** One or two sentences an operator can act on. */
    String explanation() {
        Assessment a = rssAssessment;
        String rate = LeakReport.bytes(a.trend().slopePerMs() * 60_000) + "/min";
        String conf = String.format(Locale.ROOT, "%.1f", 100 * a.trend().confidence());
        String resident = LeakReport.bytes(rssNow);
        if (a.verdict() == Verdict.NONE) {
            return "Resident memory (" + resident + ") shows no sustained growth" + limitText() + ".";
        }
        String ttl = millisToLimit() == null ? "" : "; at this rate the container limit is reached in "
                + LeakReport.duration(millisToLimit());
        if (growing == null) {
            return "Resident memory (" + resident + ") grows by " + rate + " (confidence " + conf + "%), but " + why
                    + limitText() + ttl + ". Compare two GET /ops/memory/container snapshots; NMT "
                    + "(-XX:NativeMemoryTracking=summary) splits the JVM's own memory finer.";
        }
        Assessment c = categoryAssessments.get(growing);
        String grows = label(growing) + " grow by " + LeakReport.bytes(c.trend().slopePerMs() * 60_000) + "/min (now "
                + LeakReport.bytes(categoryBytes.get(growing)) + ")";
        if (!why.isEmpty()) {
            return "Resident memory (" + resident + ") grows by " + rate + " (confidence " + conf + "%) and " + grows + "; "
                    + why + ttl + ".";
        }
        String lead = verdictAssessment.verdict().compareTo(Verdict.SUSPECTED) >= 0 ? "Native memory leak: resident memory ("
                : "Worth watching: resident memory (";
        return lead + resident + ") grows by " + rate + " (confidence " + conf
                + "%) while the heap is flat; " + grows + ttl + ". " + advice(growing);
    }

    private String limitText() {
        return limit == null ? " (no container limit)" : " (container limit " + LeakReport.bytes(limit) + ")";
    }

    static String label(String category) {
        return switch (category) {
            case "heapCommitted" -> "the committed heap";
            case "heapTouched" -> "the heap's touched pages";
            case "threadStacks" -> "thread stacks";
            case "metaspace" -> "metaspace";
            case "codeCache" -> "the code cache";
            case "directBuffers" -> "direct buffers";
            case "mappedBuffers" -> "mapped buffers";
            case "otherNative" -> "memory the JVM does not account for";
            default -> "NMT category '" + category.substring(category.indexOf('.') + 1) + "'";
        };
    }

    private static String advice(String category) {
        return switch (category) {
            case "threadStacks", "nmt.Thread" -> "Threads are started and never end: GET /ops/threads shows which.";
            case "metaspace", "nmt.Class" -> "Classes are loaded and never unloaded (a class-loader leak): a heap dump shows"
                    + " which loaders stay reachable.";
            case "directBuffers", "nmt.Other", "nmt.NIO" -> "Direct ByteBuffers are allocated and kept: a heap dump shows what"
                    + " holds the DirectByteBuffer objects; -XX:MaxDirectMemorySize turns the OOM kill into an OutOfMemoryError.";
            case "mappedBuffers" -> "Files are mapped and the MappedByteBuffers kept reachable.";
            case "codeCache", "nmt.Code" -> "The code cache grows to -XX:ReservedCodeCacheSize while the JIT warms up; steady"
                    + " growth past warm-up is unusual.";
            default -> "Not the JVM's own pools: malloc arenas (POST /ops/memory/trim shows how much is slack;"
                    + " MALLOC_ARENA_MAX=2 bounds them) or a native library's leak. See docs/container-memory.md.";
        };
    }

    private static Map<String, Object> unreadable(ContainerMemorySnapshot s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("verdict", Verdict.NONE);
        m.put("growing", null);
        m.put("explanation", "No trend: the resident set size cannot be read here (" + String.join("; ", s.notes()) + ").");
        m.put("samples", 0);
        return m;
    }
}
