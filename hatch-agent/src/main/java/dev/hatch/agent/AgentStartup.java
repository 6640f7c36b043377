package dev.hatch.agent;

import dev.hatch.ConfigException;
import dev.hatch.Hatch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Starts the endpoint for the agent, off the application's thread, and reports the outcome on
 * standard error (one line starting with {@code hatch: }) and through {@link System.Logger}.
 * Nothing here ever throws into the host application. At most one endpoint per JVM: a second
 * agent load while one is starting or running reports that and does nothing.
 */
final class AgentStartup {
    static final String THREAD_NAME = "hatch-agent-start";
    /** The agent's {@code hatch.start.delay} unless its configuration sets one. */
    static final java.time.Duration DEFAULT_START_DELAY = java.time.Duration.ofSeconds(30);
    /** How long the exit waits for the endpoint to close; a longer close is left to the JVM's end. */
    private static final long EXIT_CLOSE_MS = 500;
    private static final Object STARTING = new Object();

    /**
     * {@code null} when idle, {@link #STARTING} while the start thread runs, then the running
     * {@link Hatch}. Holding the instance here keeps the endpoint reachable for the JVM's life.
     */
    private static final AtomicReference<Object> STATE = new AtomicReference<>();

    private AgentStartup() {
    }

    /** Starts the endpoint in the background and returns at once. Never throws. */
    static void startInBackground(String text) {
        boolean claimed = false;
        try {
            AgentOptions options = AgentOptions.parse(text);
            claimed = STATE.compareAndSet(null, STARTING);
            if (!claimed) {
                Object current = STATE.get();
                String where = current instanceof Hatch hatch ? " at " + hatch.url() : " (still starting)";
                report(System.Logger.Level.WARNING, "already running" + where + " in this JVM; this agent load changes nothing", null);
                return;
            }
            // No inherited thread-locals: the application's state stays the application's. The
            // threads here are anonymous classes, not lambdas: on JDK 24+ the first lambdas of a
            // process spin classes through the class-file API, whose compilation costs a light
            // start several MB of resident memory (docs/performance.md).
            Thread thread = new Thread(null, new Runnable() {
                @Override
                public void run() {
                    AgentStartup.run(options);
                }
            }, THREAD_NAME, 0, false);
            thread.setDaemon(true);
            thread.setContextClassLoader(AgentStartup.class.getClassLoader());
            thread.start();
        } catch (Throwable t) {
            if (claimed) {
                STATE.compareAndSet(STARTING, null);
            }
            report(System.Logger.Level.ERROR, "cannot start the maintenance endpoint: " + describe(t),
                    t instanceof IllegalArgumentException ? null : t);
        }
    }

    private static void run(AgentOptions options) {
        try {
            Hatch hatch = start(options, System.getenv());
            STATE.set(hatch);
            closeAtExit(hatch);
            Path tokenFile = hatch.generatedTokenFile().orElse(null);
            System.err.println("hatch: maintenance endpoint at " + hatch.url()
                    + (tokenFile == null ? "" : "; token file " + tokenFile));
        } catch (Throwable t) {
            STATE.set(null);
            boolean expected = t instanceof IllegalArgumentException || t instanceof UncheckedIOException;
            report(System.Logger.Level.ERROR, "cannot start the maintenance endpoint: " + describe(t), expected ? null : t);
        }
    }

    private static Hatch start(AgentOptions options, Map<String, String> environment) {
        // A guest starts light: the port and the token file at once, the rest at the first
        // connection or after 30 s (hatch.start.delay in the configuration file overrides this).
        Hatch.Builder builder = Hatch.builder().startDelay(DEFAULT_START_DELAY);
        Path config = options.configFile(environment).orElse(null);
        if (config != null) {
            builder.properties(config);
        }
        if (options.host() != null) {
            builder.host(options.host());
        }
        if (options.port() != null) {
            builder.port(options.port());
        }
        return builder.start();
    }

    /**
     * Closes the endpoint when the JVM shuts down, at most {@link #EXIT_CLOSE_MS} into the exit:
     * its audit log ends with its anchor, a generated token file (good only for this process)
     * is deleted, and the HTTP server's selector leaves its native wait. HotSpot's exit waits up
     * to 300 ms for any thread still in native code, so a selector left waiting in
     * {@code epoll_wait} delayed the exit of every program that ends by itself by that much.
     */
    private static void closeAtExit(Hatch hatch) {
        Thread hook = new Thread(null, new Runnable() {
            @Override
            public void run() {
                closeQuickly(hatch);
            }
        }, "hatch-agent-exit", 0, false);
        try {
            Runtime.getRuntime().addShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is already exiting: close now
            closeQuickly(hatch);
        }
    }

    private static void closeQuickly(Hatch hatch) {
        Thread closer = new Thread(null, new Runnable() {
            @Override
            public void run() {
                hatch.close();
            }
        }, "hatch-agent-close", 0, false);
        closer.setDaemon(true);
        closer.start();
        try {
            closer.join(EXIT_CLOSE_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // If the close is still running (a heap dump landing, say), the token file goes anyway.
        Path tokenFile = hatch.generatedTokenFile().orElse(null);
        if (tokenFile != null) {
            delete(tokenFile);
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // best effort at exit
        }
    }

    private static String describe(Throwable t) {
        if (t instanceof ConfigException || t instanceof IllegalArgumentException || t instanceof UncheckedIOException) {
            return t.getMessage();
        }
        String message = t.getMessage();
        return t.getClass().getName() + (message == null ? "" : ": " + message);
    }

    /** One line on standard error for the operator, the same through the logger for the logs. */
    private static void report(System.Logger.Level level, String message, Throwable detail) {
        String text = message.replace('\n', ' ').replace('\r', ' ');
        try {
            System.err.println("hatch: " + text);
        } catch (Throwable ignored) {
            // nowhere left to report to
        }
        try {
            if (detail == null) {
                logger().log(level, "Hatch agent: " + text);
            } else {
                logger().log(level, "Hatch agent: " + text, detail);
            }
        } catch (Throwable ignored) {
            // a broken logging set-up must not break the application
        }
    }

    /**
     * Looked up when first needed, not at class load: finding the logging back end initialises
     * the JDK's logging (its configuration file, its levels), which a light start defers.
     */
    private static System.Logger logger() {
        return System.getLogger("dev.hatch.agent");
    }
}
