package com.example.leakeval;

import dev.hatch.Hatch;
import dev.hatch.Scope;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * The leak evaluation's workloads: a small program that embeds Hatch with default settings (the
 * detector on) and then leaks, or does not, in one of the ways a service does. Run by
 * {@link LeakEval} as a child JVM: {@code java -Xmx256m -cp ... com.example.leakeval.Workloads NAME}.
 * It prints {@code HATCH_PORT=<port>} once the endpoint is up; the token comes from the
 * environment variable {@code HATCH_EVAL_TOKEN}. Every workload also makes ~30 MB/s of
 * short-lived garbage, as a service does, so that collections happen at a realistic pace.
 */
public final class Workloads {
    /** Leaked bytes per second for the heap leaks. */
    static final int LEAK_RATE = 2 << 20;
    static final int STEP_MS = 10;
    static volatile Object sink;

    private Workloads() {
    }

    public static void main(String[] args) throws Exception {
        String name = args[0];
        Path dir = Files.createTempDirectory("hatch-eval");
        Hatch hatch = Hatch.builder().port(0)
                .token("eval", "env:HATCH_EVAL_TOKEN", Scope.values())
                .auditFile(dir.resolve("audit.jsonl"))
                .dumpDirectory(dir.resolve("dumps"))
                .start();
        System.out.println("HATCH_PORT=" + hatch.port());
        System.out.flush();
        Runnable step = switch (name) {
            case "records" -> new Records();
            case "map" -> new SessionMap();
            case "listeners" -> new Listeners();
            case "threadlocal" -> new ThreadLocals();
            case "classloader" -> new ClassLoaders();
            case "threads" -> new Threads();
            case "direct" -> new DirectBuffers();
            case "lru" -> new Lru();
            case "sawtooth" -> new Sawtooth();
            case "dataset" -> new DataSet();
            case "bursty" -> new Bursty();
            case "idle" -> () -> { };
            default -> throw new IllegalArgumentException("unknown workload " + name);
        };
        long start = System.nanoTime();
        long steps = 0;
        try {
            while (true) {
                step.run();
                churn(30 << 20);
                steps++;
                long due = start + steps * STEP_MS * 1_000_000L;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
            }
        } catch (OutOfMemoryError e) {
            System.out.println("OOM " + e.getMessage());
            System.out.flush();
            Runtime.getRuntime().halt(3);
        }
    }

    /** Short-lived garbage at the given rate, in steps. */
    static void churn(int bytesPerSecond) {
        int perStep = bytesPerSecond / (1000 / STEP_MS);
        for (int done = 0; done < perStep; done += 256) {
            sink = new byte[240];
        }
    }

    static int perStep(int perSecond) {
        return Math.max(1, perSecond / (1000 / STEP_MS));
    }

    // ---- leaking ----

    /** A growing list of records that hold byte arrays. */
    record Order(long id, byte[] payload) {
    }

    static final class Records implements Runnable {
        static final List<Order> ORDERS = new ArrayList<>();
        long id;

        @Override
        public void run() {
            for (int i = 0; i < perStep(LEAK_RATE / 2048); i++) {
                ORDERS.add(new Order(id++, new byte[2000]));
            }
        }
    }

    /** A map of small objects keyed by an id that is never removed. */
    static final class Session {
        final long id;
        final String user;
        final long created = System.nanoTime();
        final int[] counters = new int[8];

        Session(long id) {
            this.id = id;
            this.user = "user-" + id + "@example.com";
        }
    }

    static final class SessionMap implements Runnable {
        static final Map<Long, Session> SESSIONS = new HashMap<>();
        long id;

        @Override
        public void run() {
            for (int i = 0; i < perStep(LEAK_RATE / 200); i++) {
                long k = id++;
                SESSIONS.put(k, new Session(k));
            }
        }
    }

    /** Listeners registered for every request and never removed. */
    interface PriceListener {
        void onPrice(double price);
    }

    static final class QuoteListener implements PriceListener {
        final byte[] lastQuotes = new byte[512];
        final String symbol;
        double last;

        QuoteListener(String symbol) {
            this.symbol = symbol;
        }

        @Override
        public void onPrice(double price) {
            last = price;
        }
    }

    static final class Listeners implements Runnable {
        static final List<PriceListener> BUS = new ArrayList<>();

        @Override
        public void run() {
            for (int i = 0; i < perStep(LEAK_RATE / 600); i++) {
                BUS.add(new QuoteListener("SYM" + (i % 100)));
            }
            if (!BUS.isEmpty()) {
                BUS.get(ThreadLocalRandom.current().nextInt(BUS.size())).onPrice(1.0);
            }
        }
    }

    /** A ThreadLocal on pooled threads that accumulates per-request state and is never cleared. */
    static final class RequestTrace {
        final long started = System.nanoTime();
        final byte[] headers = new byte[1000];
    }

    static final class ThreadLocals implements Runnable {
        static final ThreadLocal<List<RequestTrace>> TRACES = ThreadLocal.withInitial(ArrayList::new);
        final ExecutorService pool = Executors.newFixedThreadPool(4);

        @Override
        public void run() {
            int n = perStep(LEAK_RATE / 1024);
            for (int i = 0; i < 4; i++) {
                pool.execute(() -> {
                    for (int j = 0; j < n / 4 + 1; j++) {
                        TRACES.get().add(new RequestTrace());
                    }
                });
            }
        }
    }

    /** Plugins loaded through a new class loader each time and kept. */
    static final class PluginLoader extends ClassLoader {
        final byte[] resourceCache = new byte[4096];

        PluginLoader(ClassLoader parent) {
            super(parent);
        }

        Class<?> define(String name, byte[] b) {
            return defineClass(name, b, 0, b.length);
        }
    }

    static final class ClassLoaders implements Runnable {
        static final List<Object> PLUGINS = new ArrayList<>();
        final byte[] pluginClass;

        ClassLoaders() {
            try (InputStream in = Workloads.class.getResourceAsStream("Plugin.class")) {
                pluginClass = in.readAllBytes();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void run() {
            for (int i = 0; i < 2; i++) {
                PluginLoader loader = new PluginLoader(Workloads.class.getClassLoader());
                try {
                    Object plugin = loader.define("com.example.leakeval.Plugin", pluginClass).getDeclaredConstructor().newInstance();
                    PLUGINS.add(plugin);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    /** What each leaked thread runs: waits for work that never comes. */
    static final class Poller implements Runnable {
        final byte[] buffer = new byte[256];

        @Override
        public void run() {
            LockSupport.park();
        }
    }

    /** Threads started (10 a second) and never ended. */
    static final class Threads implements Runnable {
        int n;

        @Override
        public void run() {
            if (n++ % 10 == 0) {
                Thread t = new Thread(new Poller(), "leaky-worker-" + n);
                t.setDaemon(true);
                t.start();
            }
        }
    }

    /** Direct buffers allocated and kept: 64 KB about 16 times a second, 1 MB/s. */
    static final class DirectChunk {
        final ByteBuffer buffer = ByteBuffer.allocateDirect(64 << 10);
    }

    static final class DirectBuffers implements Runnable {
        static final List<DirectChunk> CHUNKS = new ArrayList<>();
        int n;

        @Override
        public void run() {
            if (n++ % 6 == 0) {
                CHUNKS.add(new DirectChunk());
            }
        }
    }

    // ---- not leaking ----

    /** An LRU cache that warms up to a plateau (40,000 entries of ~1 KB, ~45 MB) in about 40 s. */
    static final class Lru implements Runnable {
        static final int CAPACITY = 40_000;
        final Map<Integer, byte[]> cache = new LinkedHashMap<>(CAPACITY * 2, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Integer, byte[]> eldest) {
                return size() > CAPACITY;
            }
        };

        @Override
        public void run() {
            for (int i = 0; i < perStep(1000); i++) {
                int key = ThreadLocalRandom.current().nextInt(1_000_000);
                cache.computeIfAbsent(key, k -> new byte[1000]);
            }
        }
    }

    /** Batches of ~40 MB built over 4 s, then dropped. */
    static final class Batch {
        final byte[] rows = new byte[4000];
    }

    static final class Sawtooth implements Runnable {
        List<Batch> batch = new ArrayList<>();

        @Override
        public void run() {
            for (int i = 0; i < perStep(2500); i++) {
                batch.add(new Batch());
            }
            if (batch.size() >= 10_000) {
                batch = new ArrayList<>();
            }
        }
    }

    /** ~60 MB loaded at start-up, then only read. */
    static final class Entry {
        final long key;
        final byte[] value = new byte[1000];

        Entry(long key) {
            this.key = key;
        }
    }

    static final class DataSet implements Runnable {
        final Map<Long, Entry> data = new HashMap<>();

        DataSet() {
            for (long k = 0; k < 60_000; k++) {
                data.put(k, new Entry(k));
            }
        }

        @Override
        public void run() {
            for (int i = 0; i < 100; i++) {
                sink = data.get(ThreadLocalRandom.current().nextLong(60_000));
            }
        }
    }

    /** Bursts of 10 s that create sessions kept for 10 s, then 10 s of quiet. */
    static final class UserSession {
        final long expires;
        final byte[] state = new byte[1500];

        UserSession(long expires) {
            this.expires = expires;
        }
    }

    static final class Bursty implements Runnable {
        final Map<Long, UserSession> sessions = new ConcurrentHashMap<>();
        final long start = System.currentTimeMillis();
        long id;
        int steps;

        @Override
        public void run() {
            long now = System.currentTimeMillis();
            boolean burst = (now - start) / 10_000 % 2 == 0;
            if (burst) {
                for (int i = 0; i < perStep(3000); i++) {
                    sessions.put(id++, new UserSession(now + 10_000));
                }
            }
            if (steps++ % 50 == 0) {
                sessions.values().removeIf(s -> s.expires < now);
            }
        }
    }
}
