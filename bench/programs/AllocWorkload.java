import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An allocation-heavy host for the overhead benchmark. Each unit of work builds a map of a few
 * hundred short-lived strings, boxed numbers and small arrays (about 40 KB of garbage), reduces
 * it to a result, and keeps the result in a ring of 200,000 slots (a bounded, steady live set).
 * Usage: {@code AllocWorkload THREADS WARMUP_SECONDS SECONDS}; prints one line
 * {@code RESULT ops_per_s=... p50_us=... p99_us=... max_us=...} over the measured seconds.
 */
public final class AllocWorkload {
    private static final int RING = 200_000;
    private static final Object[] KEPT = new Object[RING];
    /** Latency buckets of 100 ns up to 100 ms; slower units land in the last bucket. */
    private static final int BUCKETS = 1_000_000;

    public static void main(String[] args) throws Exception {
        int threads = Integer.parseInt(args[0]);
        long warmup = Long.parseLong(args[1]) * 1_000_000_000L;
        long measured = Long.parseLong(args[2]) * 1_000_000_000L;
        AtomicBoolean measuring = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        int[][] histograms = new int[threads][BUCKETS];
        long[] counts = new long[threads];
        long[] max = new long[threads];
        CountDownLatch done = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread worker = new Thread(() -> {
                long seed = 0x9E3779B97F4A7C15L * (id + 1);
                long slot = id;
                while (!stop.get()) {
                    long start = System.nanoTime();
                    Object result = unit(seed++);
                    long took = System.nanoTime() - start;
                    KEPT[(int) (slot % RING)] = result;
                    slot += threads;
                    if (measuring.get()) {
                        histograms[id][(int) Math.min(BUCKETS - 1, took / 100)]++;
                        counts[id]++;
                        max[id] = Math.max(max[id], took);
                    }
                }
                done.countDown();
            }, "worker-" + t);
            worker.start();
        }
        Thread.sleep(warmup / 1_000_000);
        measuring.set(true);
        long begin = System.nanoTime();
        Thread.sleep(measured / 1_000_000);
        measuring.set(false);
        long elapsed = System.nanoTime() - begin;
        stop.set(true);
        done.await();
        long total = 0;
        long longest = 0;
        int[] merged = new int[BUCKETS];
        for (int t = 0; t < threads; t++) {
            total += counts[t];
            longest = Math.max(longest, max[t]);
            for (int b = 0; b < BUCKETS; b++) {
                merged[b] += histograms[t][b];
            }
        }
        System.out.printf("RESULT ops_per_s=%.1f p50_us=%.1f p99_us=%.1f max_us=%.1f%n",
                total * 1e9 / elapsed, percentile(merged, total, 0.50), percentile(merged, total, 0.99), longest / 1e3);
    }

    private static double percentile(int[] histogram, long total, double p) {
        long rank = (long) Math.ceil(total * p);
        long seen = 0;
        for (int b = 0; b < histogram.length; b++) {
            seen += histogram[b];
            if (seen >= rank && seen > 0) {
                return (b + 1) / 10.0;
            }
        }
        return Double.NaN;
    }

    private static Object unit(long seed) {
        Map<String, List<Object>> map = new HashMap<>();
        for (int i = 0; i < 300; i++) {
            seed ^= seed << 13;
            seed ^= seed >>> 7;
            seed ^= seed << 17;
            String key = "k" + (seed & 63);
            List<Object> list = map.computeIfAbsent(key, k -> new ArrayList<>());
            list.add(Long.valueOf(seed));
            list.add(new byte[32 + (int) ((seed >>> 40) & 63)]);
        }
        long sum = 0;
        for (List<Object> list : map.values()) {
            for (Object o : list) {
                sum += o instanceof Long l ? l : ((byte[]) o).length;
            }
        }
        return new long[] {sum, map.size()};
    }
}
