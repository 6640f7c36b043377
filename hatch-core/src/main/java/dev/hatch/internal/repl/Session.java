package dev.hatch.internal.repl;

import dev.hatch.internal.concurrent.DaemonThreads;
import dev.hatch.internal.http.Problem;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import jdk.jshell.JShell;

/**
 * One REPL session: a JShell whose snippets run in this JVM and keep their state between
 * requests. Each evaluation runs on a new thread; past the time limit it is stopped with
 * {@link JShell#stop()}, and when that does not end it within a grace period (a loop inside
 * application code on JDK 20+, a blocking call), the thread is abandoned and the session starts
 * over with a fresh JShell.
 */
final class Session {
    private static final long GRACE_MS = 2000;
    /** Compiling is not counted against the time limit, but it is bounded too. */
    private static final long COMPILE_ALLOWANCE_MS = 30_000;
    /** Fewer than the jshell tool's: each import is compiled on its own, ~50-100 ms apiece. */
    private static final List<String> IMPORTS = List.of("java.util.*", "java.util.concurrent.*", "java.util.stream.*",
            "java.time.*", "java.nio.file.*", "java.lang.management.*");

    private final String id;
    private final String owner;
    private final Instant created = Instant.now();
    private final ReplConfig config;
    private final String classPath;
    private final Consumer<Thread> stuck;
    private final ReentrantLock lock = new ReentrantLock();
    private final AtomicLong evaluations = new AtomicLong();
    private volatile Map<String, String> bindingTypes = Map.of();
    private volatile long lastUsed = System.nanoTime();
    private volatile boolean closed;
    private volatile JShell shell;
    private volatile GuardedExecutionControl control;

    /** Starts a session; takes a second or so (the compiler warms up). */
    Session(String id, String owner, ReplConfig config, String classPath, Consumer<Thread> stuck) {
        this.id = id;
        this.owner = owner;
        this.config = config;
        this.classPath = classPath;
        this.stuck = stuck;
        start();
    }

    private void start() {
        control = new GuardedExecutionControl(new SnippetLoader(config.classLoader()));
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        shell = JShell.builder()
                .executionEngine(new GuardedExecutionControl.Provider(control), Map.of())
                .in(InputStream.nullInputStream()).out(quiet).err(quiet)
                .compilerOptions("--class-path", classPath)
                .build();
        try {
            for (String i : IMPORTS) {
                shell.eval("import " + i + ";");
            }
            bindingTypes = Collections.unmodifiableMap(Bindings.declare(shell, control, config));
        } catch (RuntimeException | Error e) {
            closeQuietly(shell);
            throw e;
        }
    }

    String id() {
        return id;
    }

    String owner() {
        return owner;
    }

    boolean busy() {
        return lock.isLocked();
    }

    long idleNanos() {
        return System.nanoTime() - lastUsed;
    }

    /** What {@code GET /ops/repl/sessions} and {@code POST /ops/repl/sessions} show of it. */
    Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("created", created.toString());
        m.put("idleMs", TimeUnit.NANOSECONDS.toMillis(idleNanos()));
        m.put("evaluations", evaluations.get());
        m.put("busy", busy());
        m.put("bindings", bindingTypes);
        return m;
    }

    /**
     * Evaluates the code; the result is the response body.
     *
     * @throws Problem 409 when the session is already evaluating
     */
    Map<String, Object> eval(String code) {
        if (!lock.tryLock()) {
            throw Problem.conflict("session " + id + " is still running a snippet; wait for it (at most "
                    + config.timeout().toMillis() + " ms plus a grace period) or use another session");
        }
        try {
            if (closed) {
                throw Problem.notFound("session " + id + " was closed");
            }
            return run(code);
        } finally {
            lastUsed = System.nanoTime();
            lock.unlock();
        }
    }

    private Map<String, Object> run(String code) {
        long start = System.nanoTime();
        Capture out = new Capture(config.outputBytes());
        Capture err = new Capture(config.outputBytes());
        control.reset();
        control.loader().takeRefusal();
        Evaluation evaluation = new Evaluation(shell, control, code);
        Thread thread = DaemonThreads.thread("hatch-repl-" + id.substring(0, 8) + "-" + evaluations.incrementAndGet(), () -> {
            OutputRouter.captureCurrentThread(out, err);
            try {
                evaluation.run();
            } catch (RuntimeException | Error e) {
                System.getLogger("dev.hatch.repl").log(System.Logger.Level.WARNING, "REPL session " + id + " failed", e);
                evaluation.outcome = "error";
                evaluation.error = "the REPL failed: " + e + "; the application log has the details";
            }
        });
        thread.setContextClassLoader(control.loader().classLoader());
        thread.start();
        boolean stopped = watch(thread, start);
        out.close();
        err.close();
        boolean abandoned = thread.isAlive();
        Map<String, Object> body = new LinkedHashMap<>();
        String key = "hatch.repl.output-bytes";
        boolean ok = !stopped && evaluation.outcome.equals("ok");
        body.put("value", ok ? Capture.cut(evaluation.value, config.outputBytes(), key) : null);
        body.put("name", ok ? evaluation.name : null);
        body.put("stdout", out.text(key));
        body.put("stderr", err.text(key));
        body.put("error", stopped ? stopMessage(thread, abandoned) : evaluation.error);
        body.put("outcome", stopped ? "timeout" : evaluation.outcome);
        body.put("diagnostics", evaluation.diagnostics);
        body.put("durationMs", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        if (abandoned) {
            body.put("sessionReset", true);
            stuck.accept(thread);
            closeQuietly(shell);
            if (!closed) {
                start();
            }
        }
        return body;
    }

    /**
     * Waits for the evaluation thread while snippet code has run less than the time limit and
     * compiling and running together less than the limit plus an allowance; stops it otherwise.
     *
     * @return whether it had to be stopped
     */
    private boolean watch(Thread thread, long start) {
        long limit = config.timeout().toNanos();
        long hardEnd = start + limit + TimeUnit.MILLISECONDS.toNanos(COMPILE_ALLOWANCE_MS);
        try {
            while (thread.isAlive()) {
                long left = Math.min(limit - control.ranNanos(), hardEnd - System.nanoTime());
                if (left <= 0) {
                    stop(thread);
                    return true;
                }
                thread.join(Math.max(1, Math.min(50, TimeUnit.NANOSECONDS.toMillis(left))));
            }
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop(thread);
            return true;
        }
    }

    /** Asks JShell to stop the snippet until the thread ends or the grace period is over. */
    private void stop(Thread thread) {
        control.requestStop();
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(GRACE_MS);
        while (thread.isAlive() && System.nanoTime() < end) {
            try {
                shell.stop();
            } catch (RuntimeException e) {
                // the JShell is closing
            }
            try {
                thread.join(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private String stopMessage(Thread thread, boolean abandoned) {
        String limit = control.ranNanos() >= config.timeout().toNanos()
                ? "the snippet ran longer than its time limit of " + config.timeout().toMillis() + " ms (hatch.repl.timeout)"
                : "compiling and running the snippet took longer than " + (config.timeout().toMillis() + COMPILE_ALLOWANCE_MS)
                        + " ms";
        if (!abandoned) {
            return "stopped: " + limit + " and was stopped; the session is still usable";
        }
        Thread snippet = control.snippetThread();
        Thread running = snippet != null && snippet.isAlive() ? snippet : thread;
        StackTraceElement[] where = running.getStackTrace();
        return "abandoned: " + limit + " and did not stop within " + GRACE_MS + " ms (a loop inside application code"
                + " cannot be stopped on JDK 20 and later, nor can a blocking call). Its thread '" + running.getName()
                + "' keeps running" + (where.length > 0 ? " at " + where[0] : "") + ". The session was reset:"
                + " earlier variables and definitions are gone";
    }

    /** Closes the JShell; a running snippet is asked to stop first. */
    void close() {
        closed = true;
        control.requestStop();
        closeQuietly(shell);
    }

    private static void closeQuietly(JShell shell) {
        try {
            shell.stop();
            shell.close();
        } catch (RuntimeException e) {
            // already closed
        }
    }
}
