package dev.hatch.internal.leaks;

import dev.hatch.internal.container.ContainerMemory;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One tick of the container sampler on default settings, as the leak detector runs it every
 * {@code hatch.leaks.interval} (5 s): this machine's {@code /proc/self/status} and memory cgroup
 * read, the JVM's memory beans read, and the trends of RSS and of every category re-judged over
 * full windows (the setup fills both tiers first, the slow one to all its 240 blocks, so each
 * tick pays for the longest series it ever analyses). Its CPU share on default settings is the score divided by the 5 s interval
 * (docs/performance.md records it).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class NativeSamplerBench {
    /** The default {@code hatch.leaks.interval}. */
    static final long INTERVAL_MS = 5_000;

    private NativeMemory sampler;
    private long now;

    /** Fills the fast window and a full slow history, and checks the sampler read this process. */
    @Setup
    public void setUp() {
        sampler = new NativeMemory(ContainerMemory.live(), INTERVAL_MS);
        now = System.currentTimeMillis();
        // Enough ticks for the slow tier to hold all its blocks (240 of 12 ticks each), and merge once.
        for (int i = 0; i < Tiers.SLOW_BLOCKS * Tiers.SLOW_FACTOR + Tiers.FAST_BLOCKS; i++) {
            tick();
        }
        if (!(sampler.published().get("rss") instanceof java.util.Map<?, ?> rss) || !(rss.get("bytes") instanceof Long bytes)
                || bytes <= 0) {
            throw new IllegalStateException("the sampler read no resident set size: " + sampler.published());
        }
        if (!(sampler.published().get("categories") instanceof java.util.Map<?, ?> categories) || !categories.containsKey("threadStacks")) {
            throw new IllegalStateException("the sampler judged no categories: " + sampler.published());
        }
    }

    /** One detector tick's native-memory work. */
    @Benchmark
    public Object tick() {
        now += INTERVAL_MS;
        sampler.sample(now, Verdict.NONE);
        return sampler.published();
    }
}
