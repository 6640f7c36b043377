package dev.hatch.internal.repl;

import java.io.PrintStream;

/**
 * Sends what a snippet prints to its own {@link Capture} while the application's output goes on
 * unchanged. JShell's local execution ignores {@code JShell.Builder.out()}, so the only way to
 * see a snippet's {@code System.out} is to own {@code System.out}: this is the REPL's one
 * JVM-wide change. From the first REPL session until the REPL closes, {@code System.out} and
 * {@code System.err} are routing streams that pass every call of a thread without a capture
 * straight to the original stream, and a thread running a snippet (and the threads it starts,
 * through an {@link InheritableThreadLocal}) to its capture. The originals come back when the
 * last user releases the router, unless someone else replaced the streams in the meantime.
 * Code that cached {@code System.out} before the router was installed bypasses it.
 */
final class OutputRouter {
    private static final InheritableThreadLocal<Capture[]> CURRENT = new InheritableThreadLocal<>();
    private static int users;
    private static PrintStream originalOut;
    private static PrintStream originalErr;
    private static RoutingPrintStream out;
    private static RoutingPrintStream err;

    private OutputRouter() {
    }

    /** Installs the routing streams if this is the first user. */
    static synchronized void acquire() {
        if (users++ == 0) {
            originalOut = System.out;
            originalErr = System.err;
            out = new RoutingPrintStream(originalOut, () -> target(0));
            err = new RoutingPrintStream(originalErr, () -> target(1));
            System.setOut(out);
            System.setErr(err);
        }
    }

    /** Puts the original streams back when the last user is gone and the routing streams are still in place. */
    static synchronized void release() {
        if (users > 0 && --users == 0) {
            if (System.out == out) {
                System.setOut(originalOut);
            }
            if (System.err == err) {
                System.setErr(originalErr);
            }
            out = null;
            err = null;
        }
    }

    /** The stream the calling thread prints to instead of the original, or {@code null}. */
    private static PrintStream target(int index) {
        Capture[] c = CURRENT.get();
        return c != null && c[index].open() ? c[index].stream() : null;
    }

    /** From now on, the current thread and threads it starts print to these captures. */
    static void captureCurrentThread(Capture stdout, Capture stderr) {
        CURRENT.set(new Capture[] {stdout, stderr});
    }
}
