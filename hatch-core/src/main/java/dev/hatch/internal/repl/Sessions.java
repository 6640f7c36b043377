package dev.hatch.internal.repl;

import dev.hatch.internal.concurrent.DaemonThreads;
import dev.hatch.internal.http.Problem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The open sessions: at most {@code maxSessions}, each visible only to the principal that
 * opened it, closed after {@code idleTimeout} without use by a daemon thread named
 * {@code hatch-repl-reaper}. Holds the output router for as long as it exists.
 */
final class Sessions implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("dev.hatch.repl");

    private final ReplConfig config;
    private final Path workDir;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Semaphore slots;
    private final List<Thread> stuck = new CopyOnWriteArrayList<>();
    private final ScheduledThreadPoolExecutor reaper;
    private final SecureRandom random = new SecureRandom();
    private volatile String classPath;
    private volatile boolean closed;

    Sessions(ReplConfig config, Path workDir) {
        this.config = config;
        this.workDir = workDir;
        this.slots = new Semaphore(config.maxSessions());
        this.reaper = new ScheduledThreadPoolExecutor(1, DaemonThreads.named("hatch-repl-reaper"));
        reaper.setRemoveOnCancelPolicy(true);
        long period = Math.max(10, Math.min(30_000, config.idleTimeout().toMillis() / 4));
        reaper.scheduleWithFixedDelay(() -> {
            try {
                reap();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "REPL: closing idle sessions failed", e); // and keep reaping
            }
        }, period, period, TimeUnit.MILLISECONDS);
        OutputRouter.acquire();
    }

    /**
     * Opens a session for the principal.
     *
     * @throws Problem 409 when {@code maxSessions} are open, 503 when too many snippets are stuck
     */
    Session open(String owner) {
        reap();
        stuck.removeIf(t -> !t.isAlive());
        if (stuck.size() >= config.maxSessions()) {
            throw Problem.unavailable(stuck.size() + " REPL snippets could not be stopped and still run (threads "
                    + stuck.stream().map(Thread::getName).toList() + "); no new session until they end."
                    + " Restarting the process ends them", 60);
        }
        if (!slots.tryAcquire()) {
            throw Problem.conflict(config.maxSessions() + " REPL sessions are open, the most allowed"
                    + " (hatch.repl.max-sessions); close one with DELETE /ops/repl/sessions/{id}, or wait until an idle one"
                    + " expires after " + config.idleTimeout().toSeconds() + " s (hatch.repl.idle-timeout)");
        }
        try {
            byte[] bytes = new byte[16];
            random.nextBytes(bytes);
            String id = HexFormat.of().formatHex(bytes);
            Session s = new Session(id, owner, config, classPath(), stuck::add);
            sessions.put(id, s);
            if (closed) {
                remove(s);
                throw Problem.unavailable("the endpoint is shutting down", 5);
            }
            return s;
        } catch (RuntimeException | Error e) {
            slots.release();
            throw e;
        }
    }

    private String classPath() {
        String cp = classPath;
        if (cp == null) {
            synchronized (this) {
                if (classPath == null) {
                    classPath = CompileClassPath.of(config.classLoader(), workDir);
                }
                cp = classPath;
            }
        }
        return cp;
    }

    /**
     * The principal's session.
     *
     * @throws Problem 404 when there is none with that id for this principal (expired, closed or someone else's)
     */
    Session get(String id, String owner) {
        reap();
        Session s = sessions.get(id);
        if (s == null || !s.owner().equals(owner)) {
            throw Problem.notFound("no REPL session " + id + " of yours; sessions end when closed or after "
                    + config.idleTimeout().toSeconds() + " s without use (hatch.repl.idle-timeout). Open one with"
                    + " POST /ops/repl/sessions");
        }
        return s;
    }

    /** Closes the principal's session. */
    void close(String id, String owner) {
        remove(get(id, owner));
    }

    /** The principal's sessions. */
    List<Map<String, Object>> list(String owner) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (Session s : sessions.values()) {
            if (s.owner().equals(owner)) {
                list.add(s.describe());
            }
        }
        list.sort(Comparator.comparing(m -> m.get("created").toString()));
        return list;
    }

    private void reap() {
        long idle = config.idleTimeout().toNanos();
        for (Session s : sessions.values()) {
            if (!s.busy() && s.idleNanos() > idle) {
                LOG.log(System.Logger.Level.INFO, "REPL session {0} of {1} expired after {2} s idle", s.id(), s.owner(),
                        config.idleTimeout().toSeconds());
                remove(s);
            }
        }
    }

    private void remove(Session s) {
        if (sessions.remove(s.id(), s)) {
            try {
                s.close();
            } finally {
                slots.release();
            }
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        reaper.shutdownNow();
        sessions.values().forEach(this::remove);
        OutputRouter.release();
        if (Files.exists(workDir)) {
            try (Stream<Path> files = Files.walk(workDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "REPL: cannot delete " + workDir + ": " + e);
            }
        }
    }
}
