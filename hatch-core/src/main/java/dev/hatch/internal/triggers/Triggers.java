package dev.hatch.internal.triggers;

import dev.hatch.internal.audit.AuditLog;
import dev.hatch.internal.concurrent.DaemonThreads;
import dev.hatch.internal.concurrent.SharedTimer;
import dev.hatch.internal.container.CgroupMemory;
import dev.hatch.internal.container.ContainerMemory;
import dev.hatch.internal.heap.DumpStore;
import dev.hatch.internal.heap.StoredDump;
import dev.hatch.internal.http.Problem;
import dev.hatch.internal.http.Route;
import dev.hatch.internal.leaks.GcWatcher;
import dev.hatch.internal.leaks.Verdict;
import dev.hatch.internal.security.Refused;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The armed triggers. Conditions are checked where the facts arrive — old-generation usage on
 * the GC notification thread (a comparison per trigger, nothing more), the leak verdict on the
 * detector's thread — and a firing is handed to the {@code hatch-triggers} thread, which starts a
 * stored dump and writes an audit record with principal {@code trigger}. Each trigger has a
 * cooldown, a maximum count and optionally its own disk quota on top of the store's.
 *
 * <p>Container triggers are checked every second on the shared timer while one is armed: the
 * memory cgroup's usage against its limit, its exhaustion counts ({@code memory.events}, v1
 * {@code failcnt}) against the previous reading, and its memory pressure. Their action is
 * usually a {@link Bundle} ("last words"), written at once on {@code hatch-triggers}.
 */
public final class Triggers implements GcWatcher.Hook, AutoCloseable {
    /** Triggers at most. */
    static final int MAX = 16;
    /** How often container triggers read the cgroup. */
    static final long CONTAINER_CHECK_MS = 1000;
    private static final System.Logger LOG = System.getLogger("dev.hatch.triggers");

    private final DumpStore store;
    private final AuditLog audit;
    private final GcWatcher watcher;
    private final boolean verdictsAvailable;
    private final Map<String, ArmedTrigger> byName = new LinkedHashMap<>();
    private volatile ArmedTrigger[] armed = new ArmedTrigger[0];
    private final ThreadPoolExecutor worker;
    private final ContainerMemory container;
    private final Bundle bundle;
    private SharedTimer containerTimer;
    private volatile boolean started;
    private volatile boolean closed;

    /**
     * Triggers that dump into the store.
     *
     * @param verdictsAvailable whether the leak detector runs (verdict triggers need it)
     */
    public Triggers(DumpStore store, AuditLog audit, GcWatcher watcher, boolean verdictsAvailable) {
        this(store, audit, watcher, verdictsAvailable, null, new Bundle());
    }

    /**
     * Triggers that dump into the store, and whose container triggers read {@code container}
     * and write {@code bundle}.
     */
    public Triggers(DumpStore store, AuditLog audit, GcWatcher watcher, boolean verdictsAvailable, ContainerMemory container,
                    Bundle bundle) {
        this.container = container;
        this.bundle = bundle;
        this.store = store;
        this.audit = audit;
        this.watcher = watcher;
        this.verdictsAvailable = verdictsAvailable;
        this.worker = new ThreadPoolExecutor(1, 1, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(MAX), DaemonThreads.named("hatch-triggers"), new ThreadPoolExecutor.DiscardPolicy());
        watcher.addHook(this);
    }

    /**
     * Arms (or re-arms, resetting its count and cooldown) a trigger.
     *
     * @return true when it is new, false when it replaced one of the same name
     */
    public boolean put(TriggerSpec spec) {
        if (spec.on().equals("verdict") && !verdictsAvailable) {
            throw Problem.forbidden("verdict triggers need the leak detector, which is disabled (hatch.leaks.enabled=false)");
        }
        if (spec.on().equals("container") && container == null) {
            throw Problem.forbidden("container triggers are not available in this endpoint");
        }
        if (spec.on().equals("old-gen")) {
            watcher.install();
        }
        synchronized (byName) {
            if (!byName.containsKey(spec.name()) && byName.size() >= MAX) {
                throw Problem.conflict("there are already " + MAX + " triggers; delete one first");
            }
            boolean created = byName.put(spec.name(), new ArmedTrigger(spec)) == null;
            armed = byName.values().toArray(new ArmedTrigger[0]);
            watchContainer();
            return created;
        }
    }

    /** Disarms a trigger; false when there is none of that name. */
    public boolean delete(String name) {
        synchronized (byName) {
            boolean removed = byName.remove(name) != null;
            armed = byName.values().toArray(new ArmedTrigger[0]);
            watchContainer();
            return removed;
        }
    }

    /** Every trigger with its state. */
    public List<Map<String, Object>> list() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (ArmedTrigger a : armed) {
            out.add(withCheck(a));
        }
        return out;
    }

    /** One trigger with its state, or null. */
    public Map<String, Object> get(String name) {
        synchronized (byName) {
            ArmedTrigger a = byName.get(name);
            return a == null ? null : withCheck(a);
        }
    }

    @Override
    public void afterGc(int kind, long oldUsedAfter, long oldMax) {
        ArmedTrigger[] all = armed;
        if (all.length == 0) {
            return;
        }
        long now = System.currentTimeMillis();
        for (ArmedTrigger a : all) {
            TriggerSpec s = a.spec();
            if (s.on().equals("old-gen") && (!s.oldCollectionsOnly() || kind != GcWatcher.MINOR)
                    && oldUsedAfter * 100.0 >= s.percent() * (double) oldMax && a.claim(now)) {
                long pct = Math.round(oldUsedAfter * 100.0 / oldMax);
                worker.execute(() -> fire(a, "old generation at " + pct + "% of its maximum after a collection"));
            }
        }
    }

    /**
     * Starts the container checks of triggers armed so far, and of any armed later; called once
     * the endpoint is built, so that a bundle written at once has all its sections.
     */
    public void start() {
        synchronized (byName) {
            started = true;
            watchContainer();
        }
    }

    /** Starts the one-second container check when a container trigger is armed, stops it when none is; under byName's lock. */
    private void watchContainer() {
        boolean wanted = false;
        for (ArmedTrigger a : armed) {
            wanted |= a.spec().on().equals("container");
        }
        if (wanted && started && !closed && containerTimer == null) {
            containerTimer = SharedTimer.acquire();
            // Each arming has its own baseline, so events from while none was armed are history.
            ContainerCheck check = new ContainerCheck();
            containerTimer.scheduleWithFixedDelay(check::run, 0, CONTAINER_CHECK_MS, TimeUnit.MILLISECONDS);
        } else if (!wanted && containerTimer != null) {
            containerTimer.close();
            containerTimer = null;
        }
    }

    /** A trigger's JSON; a container trigger's state says when the cgroup was last read, so a stalled check shows. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> withCheck(ArmedTrigger a) {
        Map<String, Object> m = a.toJson();
        if (a.spec().on().equals("container") && m.get("state") instanceof Map<?, ?> state) {
            long at = lastChecked;
            ((Map<String, Object>) state).put("lastChecked", at < 0 ? null : Instant.ofEpochMilli(at).toString());
        }
        return m;
    }

    /** One arming's checks, on the timer thread: the previous counts are its own. */
    private final class ContainerCheck {
        private Map<String, Long> lastCounts;

        void run() {
            try {
                lastCounts = checkContainer(container.cgroup(), lastCounts, System.currentTimeMillis());
                lastChecked = System.currentTimeMillis();
            } catch (Throwable t) {
                // Never let the schedule end: an error here (even an OutOfMemoryError, likely when
                // this matters) is logged and the next second checks again.
                try {
                    LOG.log(System.Logger.Level.WARNING, "container trigger check failed", t);
                } catch (Throwable ignored) {
                    // nothing more to do
                }
            }
        }
    }

    private volatile long lastChecked = -1;

    /**
     * Compares one cgroup reading with each container trigger's condition; on the timer thread.
     *
     * @param previous the counts of the previous reading, null for the first (the baseline)
     * @return this reading's counts, the next call's {@code previous}
     */
    Map<String, Long> checkContainer(CgroupMemory cgroup, Map<String, Long> previous, long now) {
        Map<String, Long> counts = cgroup.exhaustionCounts();
        Long workingSet = cgroup.workingSetBytes();
        Long limit = cgroup.limitBytes();
        // Reclaim at the limit (high, max, failcnt) also happens when page cache alone fills the
        // cgroup: it counts only while the working set is at least half the limit. OOMs always count.
        boolean pressed = limit != null && workingSet != null && workingSet * 2 >= limit;
        String newEvents = null;
        if (previous != null) {
            for (Map.Entry<String, Long> e : counts.entrySet()) {
                Long before = previous.get(e.getKey());
                if (before != null && e.getValue() > before && (pressed || CgroupMemory.isOomCount(e.getKey()))) {
                    newEvents = (newEvents == null ? "" : newEvents + ", ") + e.getKey() + " " + before + " -> " + e.getValue();
                }
            }
        }
        Double pressure = cgroup.pressureSomeAvg10();
        for (ArmedTrigger a : armed) {
            TriggerSpec s = a.spec();
            if (!s.on().equals("container")) {
                continue;
            }
            String reason = null;
            if (limit != null && workingSet != null && workingSet * 100.0 >= s.percent() * (double) limit) {
                reason = String.format(java.util.Locale.ROOT, "container working set (usage less inactive page cache) at %.1f%% of its %d MB limit",
                        workingSet * 100.0 / limit, limit >> 20);
            } else if (s.events() && newEvents != null) {
                reason = "new memory exhaustion events: " + newEvents;
            } else if (s.pressurePercent() > 0 && pressure != null && pressure >= s.pressurePercent()) {
                reason = "memory pressure: tasks stalled " + pressure + "% of the last 10 s";
            }
            if (reason != null && a.claim(now)) {
                String why = reason;
                worker.execute(() -> fire(a, why));
            }
        }
        return counts;
    }

    /** Checks verdict triggers; called by the detector after every judgement. */
    public void onVerdict(Verdict v) {
        long now = System.currentTimeMillis();
        for (ArmedTrigger a : armed) {
            TriggerSpec s = a.spec();
            if (s.on().equals("verdict") && v.compareTo(s.verdict()) >= 0 && a.claim(now)) {
                worker.execute(() -> fire(a, "leak verdict " + v));
            }
        }
    }

    private void fire(ArmedTrigger a, String reason) {
        if (a.spec().action().equals("bundle")) {
            writeBundle(a, reason);
            return;
        }
        String origin = "trigger:" + a.spec().name();
        long start = System.currentTimeMillis();
        try {
            if (a.spec().maxBytes() > 0) {
                long mine = 0;
                for (StoredDump e : store.list()) {
                    if (origin.equals(e.origin())) {
                        mine += e.bytes();
                    }
                }
                long estimate = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
                if (mine + estimate > a.spec().maxBytes()) {
                    skipped(a, reason, "its dumps use " + (mine >> 20) + " MB and another needs about " + (estimate >> 20)
                            + " MB, over its maxBytes", start);
                    return;
                }
            }
            StoredDump e = store.start(a.spec().live(), origin, done -> finished(a, reason, done, start));
            a.fired(e.id(), start);
        } catch (Refused r) {
            if (r.reason() == Refused.Reason.RUNNING) {
                a.busy(start);
            } else {
                skipped(a, reason, r.detail(), start);
            }
        } catch (Problem p) {
            skipped(a, reason, p.detail(), start);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "trigger " + a.spec().name() + " failed", e);
            skipped(a, reason, e.toString(), start);
        }
    }

    private void writeBundle(ArmedTrigger a, String reason) {
        String origin = "trigger:" + a.spec().name();
        long start = System.currentTimeMillis();
        try {
            long estimate = bundle.estimateBytes();
            if (a.spec().maxBytes() > 0 && mine(origin) + estimate > a.spec().maxBytes()) {
                skipped(a, reason, "its artifacts use " + (mine(origin) >> 20) + " MB and a bundle needs about " + (estimate >> 20)
                        + " MB, over its maxBytes", start);
                return;
            }
            Map<String, Object> about = new LinkedHashMap<>();
            about.put("trigger", a.spec().name());
            about.put("condition", a.spec().condition());
            about.put("reason", reason);
            about.put("fired", Instant.ofEpochMilli(start).toString());
            long cap = Long.MAX_VALUE;
            if (a.spec().maxBytes() > 0) {
                cap = a.spec().maxBytes() - mine(origin);
            }
            StoredDump d = store.storeBundle(origin, estimate, cap, out -> bundle.write(out, about));
            a.fired(d.id(), start);
            Map<String, Object> r = record(a, reason, start);
            r.put("outcome", "ok");
            r.put("status", 201);
            r.put("bytes", d.bytes());
            r.put("durationMs", System.currentTimeMillis() - start);
            r.put("bundleId", d.id());
            audit.append(r);
            LOG.log(System.Logger.Level.INFO, "trigger {0} fired ({1}): stored memory bundle {2}", a.spec().name(), reason, d.id());
        } catch (Problem p) {
            skipped(a, reason, p.detail(), start);
        } catch (java.io.IOException | RuntimeException | LinkageError | VirtualMachineError e) {
            // Memory may be short when this runs: an OutOfMemoryError ends this bundle, not the thread.
            LOG.log(System.Logger.Level.WARNING, "trigger " + a.spec().name() + " could not store its bundle", e);
            skipped(a, reason, e.toString(), start);
        }
    }

    private long mine(String origin) {
        long mine = 0;
        for (StoredDump e : store.list()) {
            if (origin.equals(e.origin())) {
                mine += e.bytes();
            }
        }
        return mine;
    }

    private void finished(ArmedTrigger a, String reason, StoredDump e, long start) {
        Map<String, Object> r = record(a, reason, start);
        r.put("outcome", e.state() == StoredDump.State.READY ? "ok" : "error");
        r.put("status", e.state() == StoredDump.State.READY ? 201 : 500);
        r.put("bytes", e.bytes());
        r.put("durationMs", System.currentTimeMillis() - start);
        r.put("dumpId", e.id());
        r.put("dumpState", e.state().toString());
        if (e.error() != null) {
            r.put("error", e.error());
        }
        audit.append(r);
        LOG.log(System.Logger.Level.INFO, "trigger {0} fired ({1}): stored dump {2} {3}", a.spec().name(), reason, e.id(), e.state());
    }

    private void skipped(ArmedTrigger a, String reason, String why, long start) {
        a.skipped(why, start);
        Map<String, Object> r = record(a, reason, start);
        r.put("outcome", "skipped");
        r.put("status", 507);
        r.put("bytes", 0);
        r.put("durationMs", System.currentTimeMillis() - start);
        r.put("error", why);
        audit.append(r);
        LOG.log(System.Logger.Level.WARNING, "trigger {0} did not dump: {1}", a.spec().name(), why);
    }

    private static Map<String, Object> record(ArmedTrigger a, String reason, long start) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("time", Instant.ofEpochMilli(start).toString());
        r.put("id", Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE));
        r.put("client", "local");
        r.put("method", "TRIGGER");
        r.put("path", Route.PREFIX + "/triggers/" + a.spec().name());
        r.put("principal", "trigger");
        r.put("route", "trigger");
        r.put("trigger", a.spec().name());
        r.put("condition", a.spec().condition());
        r.put("reason", reason);
        return r;
    }

    @Override
    public void close() {
        watcher.removeHook(this);
        closed = true;
        synchronized (byName) {
            if (containerTimer != null) {
                containerTimer.close();
                containerTimer = null;
            }
        }
        worker.shutdownNow();
    }
}
