package dev.hatch.internal.commands;

import dev.hatch.Command;
import dev.hatch.CommandArguments;
import dev.hatch.Scope;
import dev.hatch.internal.concurrent.DaemonThreads;
import dev.hatch.internal.http.Capability;
import dev.hatch.internal.http.Exchange;
import dev.hatch.internal.http.Json;
import dev.hatch.internal.http.Problem;
import dev.hatch.internal.http.Route;
import dev.hatch.internal.security.Masking;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code GET /ops/commands} and {@code POST /ops/commands/{name}}: the application's own
 * maintenance commands. Runs each on a small pool of named daemon threads (no queue: 503 when
 * all are busy), one run per command at a time (409), within the command's time limit (504, and
 * the thread is interrupted).
 */
public final class CommandRoutes implements Capability {
    private static final System.Logger LOG = System.getLogger("dev.hatch.commands");
    public static final int THREADS = 4;
    private static final int MAX_MESSAGE = 500;

    private final Map<String, Command> commands = new LinkedHashMap<>();
    private final Masking masking;
    private final Set<String> running = ConcurrentHashMap.newKeySet();
    private final ThreadPoolExecutor executor;

    public CommandRoutes(Collection<Command> commands, Masking masking) {
        for (Command c : commands) {
            this.commands.put(c.name(), c);
        }
        this.masking = masking;
        this.executor = new ThreadPoolExecutor(0, THREADS, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), DaemonThreads.numbered("hatch-command"));
    }

    @Override
    public List<Route> routes() {
        return List.of(Route.get(Route.PREFIX + "/commands", Scope.OPERATE, "commands", this::list),
                Route.post(Route.PREFIX + "/commands/{name}", Scope.OPERATE, "command", this::run));
    }

    private void list(Exchange ex) throws Exception {
        ex.allowOnly(Set.of());
        List<Object> list = new ArrayList<>();
        for (Command c : commands.values()) {
            if (ex.principal().has(c.scope())) {
                list.add(c.schema());
            }
        }
        ex.json(200, Map.of("commands", list));
    }

    private void run(Exchange ex) throws Exception {
        ex.allowOnly(Set.of());
        String name = ex.pathParam("name");
        Command command = commands.get(name);
        if (command == null) {
            throw Problem.notFound("no command '" + name.replaceAll("[^A-Za-z0-9_.-]", "?")
                    + "'; GET /ops/commands lists the commands your token may run");
        }
        ex.audit("command", name);
        if (!ex.principal().has(command.scope())) {
            throw Problem.forbidden("token '" + ex.principal().name() + "' lacks the '" + command.scope().id()
                    + "' scope that command '" + name + "' requires");
        }
        String body = ex.jsonBody();
        Map<String, Object> given = body.isBlank() ? Map.of() : Json.parseObject(body);
        CommandArguments args;
        try {
            args = CommandValidator.validate(command, given);
        } catch (Problem p) {
            ex.audit("argumentNames", CommandValidator.printableNames(given));
            throw p;
        }
        ex.audit("arguments", audited(args));
        if (!running.add(name)) {
            throw Problem.conflict("command '" + name + "' is already running; wait for it to finish");
        }
        Run task = new Run(command, args, () -> running.remove(name));
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            running.remove(name);
            throw Problem.unavailable("all " + THREADS + " command threads are busy; retry shortly", 5);
        }
        long start = System.nanoTime();
        Object result = await(ex, command, task);
        long ms = (System.nanoTime() - start) / 1_000_000;
        ex.audit("commandMs", ms);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("command", name);
        answer.put("durationMs", ms);
        answer.put("result", result);
        ex.json(200, answer);
    }

    private Object await(Exchange ex, Command command, Run task) throws InterruptedException {
        String name = command.name();
        try {
            return task.result.get(command.timeLimit().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            task.interrupt();
            throw new Problem(504, "Command timed out", "command '" + name + "' did not finish within its time limit of "
                    + command.timeLimit().toMillis() + " ms and was interrupted; until it actually stops, a new run gets 409");
        } catch (InterruptedException e) {
            task.interrupt();
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            String message = cause.getMessage() == null ? "" : masking.text(cause.getMessage());
            if (message.length() > MAX_MESSAGE) {
                message = message.substring(0, MAX_MESSAGE) + "...";
            }
            if (cause instanceof IllegalArgumentException) {
                throw Problem.badRequest("command '" + name + "' rejected the arguments: " + message);
            }
            LOG.log(System.Logger.Level.WARNING, "command '" + name + "' failed (request " + ex.correlationId() + ")", cause);
            ex.audit("error", cause.getClass().getName());
            throw new Problem(500, "Command failed", "command '" + name + "' failed: " + cause.getClass().getName()
                    + (message.isEmpty() ? "" : ": " + message));
        }
    }

    /** The arguments for the audit log: values of secret-looking parameters masked. */
    private Map<String, Object> audited(CommandArguments args) {
        Map<String, Object> m = new LinkedHashMap<>();
        args.asMap().forEach((k, v) -> m.put(k, masking.secretKey(k) ? Masking.MASK
                : v instanceof String s ? masking.text(s) : ParamValues.toJson(v)));
        return m;
    }

    /**
     * One run of a command. Interrupts its thread only while the handler runs, so a pool thread
     * that moved on to another command is never hit; a run interrupted before it started never
     * calls the handler. {@code release} runs once the thread has really left the handler.
     */
    private static final class Run implements Runnable {
        final CompletableFuture<Object> result = new CompletableFuture<>();
        private final Command command;
        private final CommandArguments args;
        private final Runnable release;
        private Thread thread;
        private boolean finished;

        Run(Command command, CommandArguments args, Runnable release) {
            this.command = command;
            this.args = args;
            this.release = release;
        }

        @Override
        public void run() {
            synchronized (this) {
                if (finished) {
                    release.run();
                    return;
                }
                thread = Thread.currentThread();
            }
            try {
                result.complete(command.handler().run(args));
            } catch (Throwable e) {
                result.completeExceptionally(e);
            } finally {
                synchronized (this) {
                    finished = true;
                    thread = null;
                }
                Thread.interrupted();
                release.run();
            }
        }

        synchronized void interrupt() {
            if (thread != null) {
                thread.interrupt();
            }
            finished = true;
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
