package dev.hatch.internal.endpoint;

import dev.hatch.internal.config.Settings;
import dev.hatch.internal.transport.JettyTransport;
import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;

/**
 * A light start ({@code hatch.start.delay}): the configuration is checked, the tokens resolved
 * (a generated one written to its file) and the port bound at once, so the URL and token file
 * are known and clients can connect; the audit log, the capabilities, the background work and
 * the HTTP server are built on the daemon thread {@code hatch-start} at the first connection or
 * when the delay ends, whichever comes first. A client that connects meanwhile waits in the
 * listen backlog until the server, built on the same socket, accepts it. Until then the only
 * cost is that one thread, parked in {@code select}, and the bound socket.
 */
public final class DeferredStart {
    static final String THREAD_NAME = "hatch-start";
    static final String WARM_THREAD_NAME = "hatch-warm";

    private enum State { WAITING, BUILDING, BUILT, FAILED, CLOSED }

    private final Settings settings;
    private final Endpoint.Prepared prepared;
    private final ServerSocketChannel channel;
    private final int port;
    private final Selector selector;
    private State state = State.WAITING;
    private boolean closeRequested;
    /** A caller of {@link #awaitBuilt()} woke the wait: someone waits for this build. */
    private boolean buildRequested;
    private Endpoint endpoint;

    private DeferredStart(Settings settings, Endpoint.Prepared prepared, ServerSocketChannel channel, Selector selector)
            throws IOException {
        this.settings = settings;
        this.prepared = prepared;
        this.channel = channel;
        this.selector = selector;
        this.port = ((java.net.InetSocketAddress) channel.getLocalAddress()).getPort();
    }

    /** Checks, binds and starts waiting; throws what {@link Endpoint#prepare} and {@link Endpoint#bind} throw. */
    public static DeferredStart begin(Settings b) {
        Endpoint.Prepared p = Endpoint.prepare(b);
        ServerSocketChannel channel = Endpoint.bind(p, b.port);
        DeferredStart d;
        try {
            channel.configureBlocking(false);
            Selector selector = Selector.open();
            channel.register(selector, SelectionKey.OP_ACCEPT);
            d = new DeferredStart(b, p, channel, selector);
        } catch (IOException | RuntimeException e) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // failing anyway
            }
            p.abandon();
            throw new java.io.UncheckedIOException("Hatch cannot start: " + e.getMessage(),
                    e instanceof IOException io ? io : new IOException(e));
        }
        // An anonymous class rather than a method reference: no class spun at start (see AgentStartup).
        startQuietly(THREAD_NAME, new Runnable() {
            @Override
            public void run() {
                d.waitAndBuild();
            }
        });
        // Nothing is logged here: the first log record initialises the JDK's logging (formatters,
        // locale data, dates), the largest single cost of a light start. The build logs "listening".
        return d;
    }

    private void waitAndBuild() {
        int ready = 0;
        boolean awaited;
        try {
            ready = selector.select(Math.max(1, settings.startDelay.toMillis()));
        } catch (IOException | java.nio.channels.ClosedSelectorException e) {
            // closed by close(), or failing: either way the state below decides
            log().log(System.Logger.Level.DEBUG, "waiting for the first connection", e);
        }
        synchronized (this) {
            // Closed under the lock that wakeup() is called under, so no wakeup reaches a closed
            // selector; closing it deregisters the channel, so the server can register it with its own.
            try {
                selector.close();
            } catch (IOException ignored) {
                // nothing held
            }
            if (state != State.WAITING) {
                return;
            }
            state = State.BUILDING;
            // A client (or a caller of awaitBuilt) is waiting for this build: a second thread
            // loads the HTTP path's classes meanwhile. When the delay ended with nobody waiting,
            // this thread loads them once the build is published, so that the first request need not.
            awaited = ready > 0 || buildRequested;
        }
        if (awaited) {
            warmUpAside();
        }
        Endpoint built = null;
        try {
            built = Endpoint.build(settings, prepared, true, channel);
        } catch (Throwable t) {
            log().log(System.Logger.Level.ERROR, "Hatch cannot start its server on " + prepared.url(port) + ": " + t, t);
            closeChannel();
        }
        boolean closeNow;
        synchronized (this) {
            endpoint = built;
            state = built == null ? State.FAILED : State.BUILT;
            closeNow = closeRequested && built != null;
            notifyAll();
        }
        if (closeNow) {
            built.close();
        } else if (built != null && !awaited) {
            JettyTransport.warmUp();
        }
    }

    /** {@link JettyTransport#warmUp()} on a short-lived daemon thread of its own, beside the build. */
    private static void warmUpAside() {
        startQuietly(WARM_THREAD_NAME, new Runnable() {
            @Override
            public void run() {
                JettyTransport.warmUp();
            }
        });
    }

    /** A daemon thread at minimum priority, without the creator's inheritable thread-locals. */
    private static void startQuietly(String name, Runnable work) {
        Thread t = new Thread(null, work, name, 0, false);
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }

    /** The endpoint once built, else null. */
    public synchronized Endpoint endpoint() {
        return endpoint;
    }

    /** Builds now if still waiting, and waits for the build (at most a minute); null if it failed or was closed. */
    public Endpoint awaitBuilt() {
        long deadline = System.nanoTime() + 60_000_000_000L;
        synchronized (this) {
            if (state == State.WAITING) {
                buildRequested = true;
                selector.wakeup();
            }
            while ((state == State.WAITING || state == State.BUILDING) && System.nanoTime() < deadline) {
                try {
                    wait(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            return endpoint;
        }
    }

    public Endpoint.Prepared prepared() {
        return prepared;
    }

    public int port() {
        return port;
    }

    /** Where the audit log is (or will be) written. */
    public Path auditFile() {
        return settings.auditFile != null ? settings.auditFile
                : prepared.state().resolve("audit-" + ProcessHandle.current().pid() + ".jsonl");
    }

    /** Where heap dumps are (or will be) written. */
    public Path dumpDirectory() {
        return settings.dumpDir != null ? settings.dumpDir : prepared.state().resolve("dumps");
    }

    /**
     * Gives up a start that has not built yet: the socket is closed and the generated token's
     * file deleted. A build under way is closed as soon as it ends; a finished one is the
     * caller's to close.
     */
    public void close() {
        boolean abandon;
        synchronized (this) {
            abandon = state == State.WAITING;
            if (abandon) {
                state = State.CLOSED;
            } else if (state == State.BUILDING) {
                closeRequested = true;
            }
            notifyAll();
        }
        if (abandon) {
            // Closing the selector here (it ends a select in progress) deregisters the channel, so
            // that closing the channel releases the port now, not at the waiting thread's next turn.
            try {
                selector.close();
            } catch (IOException ignored) {
                // released anyway
            }
            closeChannel();
            prepared.abandon();
        }
    }

    private void closeChannel() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing
        }
    }

    /** Looked up when first needed: the lookup initialises the JDK's logging, which a light start defers. */
    private static System.Logger log() {
        return System.getLogger("dev.hatch");
    }
}
