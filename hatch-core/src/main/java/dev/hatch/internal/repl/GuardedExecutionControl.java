package dev.hatch.internal.repl;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;
import jdk.jshell.execution.LocalExecutionControl;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

/**
 * JShell's local execution with three repairs:
 * <ul>
 *   <li>snippet classes come from a {@link SnippetLoader} whose parent is the application's loader;</li>
 *   <li>JDK 17 to 21 install a JVM-wide default uncaught-exception handler on every evaluation
 *       and never restore it. The application's handler is put back as soon as the snippet
 *       thread starts (through a trampoline method that runs first on that thread) and again
 *       when the evaluation ends;</li>
 *   <li>the time snippet code runs is measured ({@link #ranNanos()}), compiling apart, and once
 *       the time limit has passed ({@link #requestStop()}), no further snippet code starts.</li>
 * </ul>
 */
final class GuardedExecutionControl extends LocalExecutionControl {
    private static final InheritableThreadLocal<Pending> PENDING = new InheritableThreadLocal<>();
    private static final Module JSHELL = LocalExecutionControl.class.getModule();
    private static final Object HANDLER_LOCK = new Object();
    private static final Method TRAMPOLINE;
    private static volatile Thread.UncaughtExceptionHandler applicationHandler;

    static {
        try {
            TRAMPOLINE = GuardedExecutionControl.class.getDeclaredMethod("trampoline");
            TRAMPOLINE.setAccessible(true);
        } catch (NoSuchMethodException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final SnippetLoader loader;
    private volatile boolean stopRequested;
    private volatile Thread snippetThread;
    private volatile long runningSince;
    private volatile long ranNanos;

    GuardedExecutionControl(SnippetLoader loader) {
        super(loader);
        this.loader = loader;
    }

    SnippetLoader loader() {
        return loader;
    }

    /** From now on, snippets do not start; a running one is stopped with {@link #stop()}. */
    void requestStop() {
        stopRequested = true;
    }

    boolean stopRequested() {
        return stopRequested;
    }

    /** Clears the stop request and the time used before the next evaluation. */
    void reset() {
        stopRequested = false;
        ranNanos = 0;
    }

    /** How long snippet code has run since {@link #reset()}; compiling does not count. */
    long ranNanos() {
        long since = runningSince;
        return ranNanos + (since != 0 ? System.nanoTime() - since : 0);
    }

    @Override
    protected void clientCodeEnter() {
        runningSince = System.nanoTime();
        super.clientCodeEnter();
    }

    @Override
    protected void clientCodeLeave() {
        super.clientCodeLeave();
        long since = runningSince;
        if (since != 0) {
            ranNanos += System.nanoTime() - since;
        }
        runningSince = 0;
    }

    @Override
    protected String invoke(Method doit) throws Exception {
        if (stopRequested) {
            throw new ExecutionControl.StoppedException();
        }
        Thread.UncaughtExceptionHandler app = applicationHandler();
        PENDING.set(new Pending(this, doit, app, Thread.currentThread().getName() + "-snippet"));
        try {
            return super.invoke(TRAMPOLINE);
        } finally {
            PENDING.remove();
            restore(app);
        }
    }

    /** Runs first on JShell's snippet thread: restores the application's handler, then runs the snippet. */
    private static Object trampoline() throws Throwable {
        Pending p = PENDING.get();
        restore(p.handler());
        Thread.currentThread().setName(p.threadName());
        p.control().snippetThread = Thread.currentThread();
        try {
            return p.doit().invoke(null);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static Thread.UncaughtExceptionHandler applicationHandler() {
        synchronized (HANDLER_LOCK) {
            Thread.UncaughtExceptionHandler h = Thread.getDefaultUncaughtExceptionHandler();
            if (h == null || h.getClass().getModule() != JSHELL) {
                applicationHandler = h;
            }
            return applicationHandler;
        }
    }

    private static void restore(Thread.UncaughtExceptionHandler app) {
        synchronized (HANDLER_LOCK) {
            Thread.UncaughtExceptionHandler h = Thread.getDefaultUncaughtExceptionHandler();
            if (h != null && h.getClass().getModule() == JSHELL) {
                Thread.setDefaultUncaughtExceptionHandler(app);
            }
        }
    }

    /** The thread JShell runs the latest snippet on, or {@code null}. */
    Thread snippetThread() {
        return snippetThread;
    }

    private record Pending(GuardedExecutionControl control, Method doit, Thread.UncaughtExceptionHandler handler,
                           String threadName) {
    }

    /** Hands JShell a prepared control. */
    static final class Provider implements ExecutionControlProvider {
        private final GuardedExecutionControl control;

        Provider(GuardedExecutionControl control) {
            this.control = control;
        }

        @Override
        public String name() {
            return "hatch-local";
        }

        @Override
        public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
            return control;
        }
    }
}
