package dev.hatch.internal.http;

import dev.hatch.Limits;
import dev.hatch.internal.concurrent.SharedTimer;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Minimum data rates for requests that hold a handler slot: a request body must arrive at
 * {@code hatch.limits.min-body-rate} bytes per second at least, a response must be read at
 * {@code hatch.limits.min-response-rate}. A client that trickles a body or reads a download a
 * few bytes at a time would otherwise hold a slot for as long as it likes (the idle timeout
 * only closes a connection that makes no progress at all).
 *
 * <p>Only the time a handler spends waiting for the client, blocked in a read or a write,
 * counts: a handler that takes its time producing a response is not the client's fault. That
 * waiting time is cut into periods of {@code hatch.limits.min-rate-grace}; in each, at least
 * rate × period bytes must move. Bytes moved in one period are no credit for the next, so the
 * data a client takes quickly into its socket buffers at first buys it one period, no more.
 *
 * <p>The shared timer thread ({@code hatch-timer}) looks at the requests in progress a few times
 * per period. A request below a rate is marked and its connection closed through
 * {@link HatchRequest#abortConnection()}, which fails the blocked read or write; a transport
 * that cannot abort is stopped at the next read or write. The transport's idle timeout remains
 * the backstop for a client that moves nothing at all.
 */
public final class DataRates implements AutoCloseable {
    /** Audit outcome of a request cut because the client moved data slower than a minimum rate. */
    public static final String TOO_SLOW = "too-slow";
    /** Writes are passed on in pieces of at most this, so that progress is seen while a download is slow. */
    private static final int PIECE = 16 * 1024;
    private static final System.Logger LOG = System.getLogger("dev.hatch");

    private final long bodyRate;
    private final long responseRate;
    private final long periodNanos;
    private final LongSupplier clock;
    private final Set<Meter> watched = ConcurrentHashMap.newKeySet();
    private final SharedTimer watchdog;

    /** The rates of the limits, watched by a daemon thread (none when both rates are 0). */
    public DataRates(Limits limits) {
        this(limits.minBodyRate(), limits.minResponseRate(), limits.minRateGrace().toNanos(), System::nanoTime, true);
    }

    /** For tests: rates on the given clock, checked only when {@link #check()} is called when {@code watch} is false. */
    DataRates(long bodyRate, long responseRate, long periodNanos, LongSupplier clock, boolean watch) {
        this.bodyRate = bodyRate;
        this.responseRate = responseRate;
        this.periodNanos = periodNanos;
        this.clock = clock;
        if (watch && (bodyRate > 0 || responseRate > 0)) {
            watchdog = SharedTimer.acquire();
            long tick = Math.max(TimeUnit.MILLISECONDS.toNanos(50), Math.min(TimeUnit.SECONDS.toNanos(1), periodNanos / 4));
            watchdog.scheduleWithFixedDelay(this::check, tick, tick, TimeUnit.NANOSECONDS);
        } else {
            watchdog = null;
        }
    }

    /**
     * A meter for one request; it counts from the start but is looked at only once
     * {@link Meter#watch()} is called (when the request has its handler slot).
     *
     * @param abort closes the request's connection; called from the watchdog thread
     */
    Meter meter(Runnable abort) {
        return new Meter(abort);
    }

    /** Looks at every watched request once; the watchdog's task. Never throws. */
    void check() {
        long now = clock.getAsLong();
        for (Meter m : watched) {
            try {
                m.check(now);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "checking a request's data rate failed", e);
            }
        }
    }

    /** Requests watched right now (for tests). */
    int watched() {
        return watched.size();
    }

    @Override
    public void close() {
        if (watchdog != null) {
            watchdog.close();
        }
        watched.clear();
    }

    /** Thrown by a metered stream once its request is below a minimum rate. */
    static final class TooSlow extends IOException {
        private static final long serialVersionUID = 1L;

        TooSlow(String message) {
            super(message);
        }
    }

    /** The data moved one way and the time spent waiting for it. */
    private final class Flow {
        private final long rate;
        private final String what;
        private final String key;
        private long bytes;
        private long waited;
        private long waitingSince;
        private boolean waiting;
        private long periodStartWaited;
        private long periodStartBytes;

        Flow(long rate, String what, String key) {
            this.rate = rate;
            this.what = what;
            this.key = key;
        }

        synchronized void begin(long now) {
            waiting = true;
            waitingSince = now;
        }

        synchronized void end(long now, long moved) {
            if (waiting) {
                waited += now - waitingSince;
                waiting = false;
            }
            bytes += Math.max(0, moved);
        }

        /** The violation, or {@code null} while the rate is kept. */
        synchronized String check(long now) {
            if (rate <= 0) {
                return null;
            }
            long total = waited + (waiting ? now - waitingSince : 0);
            long period = total - periodStartWaited;
            if (period < periodNanos) {
                return null;
            }
            long moved = bytes - periodStartBytes;
            double seconds = period / 1e9;
            if (moved < rate * seconds) {
                return String.format(java.util.Locale.ROOT, "the %s at %.0f bytes/s, below the minimum of %d bytes/s (%s)",
                        what, moved / seconds, rate, key);
            }
            periodStartWaited = total;
            periodStartBytes = bytes;
            return null;
        }
    }

    /** The data rates of one request. */
    final class Meter implements AutoCloseable {
        private final Runnable abort;
        private final Flow received = new Flow(bodyRate, "request body arrived", "hatch.limits.min-body-rate");
        private final Flow sent = new Flow(responseRate, "response was read", "hatch.limits.min-response-rate");
        private volatile String violation;

        private Meter(Runnable abort) {
            this.abort = abort;
        }

        /** From now on the watchdog looks at this request. */
        void watch() {
            if (bodyRate > 0 || responseRate > 0) {
                watched.add(this);
            }
        }

        /** Why the request was cut, or {@code null}. */
        String violation() {
            return violation;
        }

        void check(long now) {
            if (violation != null) {
                return;
            }
            String v = received.check(now);
            if (v == null) {
                v = sent.check(now);
            }
            if (v != null) {
                violation = v;
                abort.run();
            }
        }

        private void ensureFast() throws TooSlow {
            String v = violation;
            if (v != null) {
                throw new TooSlow(v);
            }
        }

        /** The request body, counted. */
        InputStream input(InputStream body) {
            return new FilterInputStream(body) {
                @Override
                public int read() throws IOException {
                    ensureFast();
                    received.begin(clock.getAsLong());
                    int b = -1;
                    try {
                        b = super.read();
                        return b;
                    } finally {
                        received.end(clock.getAsLong(), b < 0 ? 0 : 1);
                    }
                }

                @Override
                public int read(byte[] buf, int off, int len) throws IOException {
                    ensureFast();
                    received.begin(clock.getAsLong());
                    int n = 0;
                    try {
                        n = super.read(buf, off, len);
                        return n;
                    } finally {
                        received.end(clock.getAsLong(), n);
                    }
                }
            };
        }

        /** A write the meter times. */
        interface Write {
            void run() throws IOException;
        }

        /** One timed write of {@code n} response bytes (a piece of a file). */
        void sending(long n, Write write) throws IOException {
            ensureFast();
            sent.begin(clock.getAsLong());
            boolean done = false;
            try {
                write.run();
                done = true;
            } finally {
                sent.end(clock.getAsLong(), done ? n : 0);
            }
        }

        /** The response body, counted, and passed on in pieces. */
        OutputStream output(OutputStream body) {
            return new FilterOutputStream(body) {
                @Override
                public void write(int b) throws IOException {
                    ensureFast();
                    sent.begin(clock.getAsLong());
                    boolean done = false;
                    try {
                        this.out.write(b);
                        done = true;
                    } finally {
                        sent.end(clock.getAsLong(), done ? 1 : 0);
                    }
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    int at = off;
                    int end = off + len;
                    while (at < end) {
                        int n = Math.min(PIECE, end - at);
                        ensureFast();
                        sent.begin(clock.getAsLong());
                        boolean done = false;
                        try {
                            this.out.write(b, at, n);
                            done = true;
                        } finally {
                            sent.end(clock.getAsLong(), done ? n : 0);
                        }
                        at += n;
                    }
                }

                @Override
                public void flush() throws IOException {
                    ensureFast();
                    sent.begin(clock.getAsLong());
                    try {
                        this.out.flush();
                    } finally {
                        sent.end(clock.getAsLong(), 0);
                    }
                }

                @Override
                public void close() throws IOException {
                    sent.begin(clock.getAsLong());
                    try {
                        this.out.close();
                    } finally {
                        sent.end(clock.getAsLong(), 0);
                    }
                }
            };
        }

        /** Stops watching the request. */
        @Override
        public void close() {
            watched.remove(this);
        }
    }
}
