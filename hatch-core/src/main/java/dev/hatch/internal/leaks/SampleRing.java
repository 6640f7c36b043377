package dev.hatch.internal.leaks;

/**
 * The post-GC samples: a ring of primitive arrays (no object per sample), written on the GC
 * notification thread and copied out by readers under the ring's lock. When a reader falls more
 * than the capacity behind, the oldest samples are lost and counted.
 */
final class SampleRing {
    static final int CAPACITY = 2048;

    private final long[] time = new long[CAPACITY];
    private final long[] after = new long[CAPACITY];
    private final long[] before = new long[CAPACITY];
    private final byte[] kind = new byte[CAPACITY];
    private final byte[] collector = new byte[CAPACITY];
    private long written;

    /** Appends one sample. */
    synchronized void add(long endMs, long usedBefore, long usedAfter, int k, int collectorIndex) {
        int i = (int) (written % CAPACITY);
        time[i] = endMs;
        after[i] = usedAfter;
        before[i] = usedBefore;
        kind[i] = (byte) k;
        collector[i] = (byte) collectorIndex;
        written++;
    }

    /** How many samples were ever written; the sequence number of the next one. */
    synchronized long written() {
        return written;
    }

    /** Copies the samples written after sequence number {@code from}, as many as the ring still holds. */
    synchronized Samples since(long from) {
        long start = Math.max(from, written - CAPACITY);
        int n = (int) Math.max(0, written - start);
        Samples s = new Samples(n, start - Math.max(from, 0), written);
        for (int j = 0; j < n; j++) {
            int i = (int) ((start + j) % CAPACITY);
            s.time[j] = time[i];
            s.after[j] = after[i];
            s.before[j] = before[i];
            s.kind[j] = kind[i];
            s.collector[j] = collector[i];
        }
        return s;
    }

    /** A copy of consecutive samples: end time (epoch ms), old generation before and after, kind, collector. */
    static final class Samples {
        final long[] time;
        final long[] after;
        final long[] before;
        final byte[] kind;
        final byte[] collector;
        /** Samples lost because the reader fell behind. */
        final long lost;
        /** The sequence number to ask for next. */
        final long next;

        Samples(int n, long lost, long next) {
            this.time = new long[n];
            this.after = new long[n];
            this.before = new long[n];
            this.kind = new byte[n];
            this.collector = new byte[n];
            this.lost = lost;
            this.next = next;
        }

        int size() {
            return time.length;
        }
    }
}
