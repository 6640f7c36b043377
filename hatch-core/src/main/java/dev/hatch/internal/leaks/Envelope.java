package dev.hatch.internal.leaks;

/**
 * The lower envelope of a noisy series: samples are grouped into blocks of fixed duration and
 * each closed block keeps its minimum (and the time of that minimum). The minimum after
 * collection is the best estimate of what is really retained; everything above it is garbage
 * not yet collected or work in flight.
 *
 * <p>Two shapes: a sliding window that drops blocks older than {@code capacity × block}
 * (the fast tier), or an ever-growing history that, when full, merges neighbouring blocks and
 * doubles the block duration (the slow tier: bounded memory, unbounded span). Not thread-safe;
 * the detector's thread owns it.
 */
final class Envelope {
    private final boolean merging;
    private final int capacity;
    private long blockMs;
    private final double[] t;
    private final double[] v;
    private final int[] samples;
    private int count;
    private long openStart = Long.MIN_VALUE;
    private double openMin;
    private double openMinT;
    private int openSamples;
    /** Changes whenever the closed blocks do, so that a trend over them can be kept until then. */
    private long version;

    private Envelope(long blockMs, int capacity, boolean merging) {
        if (blockMs <= 0 || capacity < 4) {
            throw new IllegalArgumentException("block " + blockMs + " ms, capacity " + capacity);
        }
        this.blockMs = blockMs;
        this.capacity = capacity;
        this.merging = merging;
        this.t = new double[capacity];
        this.v = new double[capacity];
        this.samples = new int[capacity];
    }

    /** A sliding window of {@code capacity} blocks. */
    static Envelope window(long blockMs, int capacity) {
        return new Envelope(blockMs, capacity, false);
    }

    /** A history that coarsens itself when full. */
    static Envelope history(long blockMs, int capacity) {
        return new Envelope(blockMs, capacity, true);
    }

    /** Adds a sample; times must not go backwards by more than a block (older samples are ignored). */
    void add(long timeMs, double value) {
        if (openStart == Long.MIN_VALUE) {
            open(timeMs, value);
            return;
        }
        if (timeMs < openStart) {
            return;
        }
        if (timeMs >= openStart + blockMs) {
            close();
            open(timeMs, value);
            return;
        }
        openSamples++;
        if (value < openMin) {
            openMin = value;
            openMinT = timeMs;
        }
    }

    /** Closes the open block if its time is over, so that a quiet period still yields the last block. */
    void flush(long nowMs) {
        if (openStart != Long.MIN_VALUE && nowMs >= openStart + blockMs) {
            close();
            openStart = Long.MIN_VALUE;
        }
        if (!merging) {
            long oldest = nowMs - blockMs * capacity;
            int drop = 0;
            while (drop < count && t[drop] < oldest) {
                drop++;
            }
            shift(drop);
        }
    }

    private void open(long timeMs, double value) {
        openStart = Math.floorDiv(timeMs, blockMs) * blockMs;
        openMin = value;
        openMinT = timeMs;
        openSamples = 1;
    }

    private void close() {
        if (count == capacity) {
            if (merging) {
                mergePairs();
            } else {
                shift(1);
            }
        }
        t[count] = openMinT;
        v[count] = openMin;
        samples[count] = openSamples;
        count++;
        version++;
    }

    private void shift(int n) {
        if (n <= 0) {
            return;
        }
        System.arraycopy(t, n, t, 0, count - n);
        System.arraycopy(v, n, v, 0, count - n);
        System.arraycopy(samples, n, samples, 0, count - n);
        count -= n;
        version++;
    }

    private void mergePairs() {
        int out = 0;
        for (int i = 0; i < count; i += 2) {
            int j = i + 1 < count && v[i + 1] < v[i] ? i + 1 : i;
            int s = samples[i] + (i + 1 < count ? samples[i + 1] : 0);
            t[out] = t[j];
            v[out] = v[j];
            samples[out] = s;
            out++;
        }
        count = out;
        blockMs *= 2;
        version++;
    }

    /** A number that changes whenever the closed blocks change. */
    long version() {
        return version;
    }

    /** Closed blocks. */
    int size() {
        return count;
    }

    /** The current block duration. */
    long blockMs() {
        return blockMs;
    }

    /** The raw samples behind the closed blocks. */
    int samples() {
        int s = 0;
        for (int i = 0; i < count; i++) {
            s += samples[i];
        }
        return s;
    }

    /** A copy of the block times (ms). */
    double[] times() {
        return java.util.Arrays.copyOf(t, count);
    }

    /** A copy of the block minima. */
    double[] values() {
        return java.util.Arrays.copyOf(v, count);
    }

    /** Forgets everything, e.g. when the series' meaning changed. */
    void clear() {
        count = 0;
        openStart = Long.MIN_VALUE;
    }
}
