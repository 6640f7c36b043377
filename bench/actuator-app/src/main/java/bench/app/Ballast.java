package bench.app;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Live heap and parked threads for the dump benchmarks: about 60 % of the requested size in
 * millions of small objects (records with a string, a map entry and a small array, as a
 * service's caches look) and 40 % in 1 MiB arrays, half random and half repetitive.
 */
final class Ballast {
    private static final List<Object> ROOTS = new ArrayList<>();
    private static final CountDownLatch NEVER = new CountDownLatch(1);
    private static long records;
    private static int parked;

    record Item(long id, String name, byte[] payload, Item previous) {}

    private Ballast() {}

    static synchronized void build(int megabytes) {
        if (megabytes <= 0) {
            return;
        }
        long seed = 42;
        long smallTarget = megabytes * 600L * 1024;
        long smallBytes = 0;
        Map<String, Item> index = new HashMap<>();
        Item previous = null;
        while (smallBytes < smallTarget) {
            seed = next(seed);
            byte[] payload = new byte[16 + (int) ((seed >>> 33) % 240)];
            payload[0] = (byte) seed;
            String name = "item-" + records;
            Item item = new Item(records, name, payload, records % 64 == 0 ? null : previous);
            index.put(name, item);
            previous = item;
            records++;
            // record 32 + string ~56 + payload header 16 + map node 32 + table ~8
            smallBytes += 144 + payload.length;
            if (index.size() == 1 << 20) {
                ROOTS.add(index);
                index = new HashMap<>();
            }
        }
        ROOTS.add(index);
        int arrays = (int) (megabytes * 4L / 10);
        for (int i = 0; i < arrays; i++) {
            long[] array = new long[128 * 1024];
            for (int j = 0; j < array.length; j++) {
                seed = next(seed);
                array[j] = i % 2 == 0 ? seed : j % 97;
            }
            ROOTS.add(array);
        }
    }

    static synchronized void park(int count) {
        for (int i = 0; i < count; i++) {
            int depth = i % 8;
            Thread thread = new Thread(() -> descend(depth), "parked-" + i);
            thread.setDaemon(true);
            thread.start();
            parked++;
        }
    }

    private static void descend(int depth) {
        if (depth > 0) {
            descend(depth - 1);
            return;
        }
        try {
            NEVER.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static synchronized String describe() {
        System.gc();
        long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        return "records=" + records + " parkedThreads=" + parked + " heapUsedAfterGcMB=" + (used >> 20);
    }

    private static long next(long x) {
        x ^= x << 13;
        x ^= x >>> 7;
        x ^= x << 17;
        return x;
    }
}
