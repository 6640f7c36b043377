package dev.hatch.repl;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Sends what a snippet prints to its own {@link Capture} while the application's output goes on
 * unchanged. JShell's local execution ignores {@code JShell.Builder.out()}, so the only way to
 * see a snippet's {@code System.out} is to own {@code System.out}: this is the REPL's one
 * JVM-wide change. While at least one REPL session exists, {@code System.out} and
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
    private static Routing out;
    private static Routing err;

    private OutputRouter() {
    }

    /** Installs the routing streams if this is the first user. */
    static synchronized void acquire() {
        if (users++ == 0) {
            originalOut = System.out;
            originalErr = System.err;
            out = new Routing(originalOut, 0);
            err = new Routing(originalErr, 1);
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

    /** From now on, the current thread and threads it starts print to these captures. */
    static void captureCurrentThread(Capture stdout, Capture stderr) {
        CURRENT.set(new Capture[] {stdout, stderr});
    }

    /** A {@code PrintStream} that forwards every call to the capture of the calling thread, or to the original. */
    private static final class Routing extends PrintStream {
        private final PrintStream original;
        private final int index;

        Routing(PrintStream original, int index) {
            super(original, false);
            this.original = original;
            this.index = index;
        }

        private PrintStream target() {
            Capture[] c = CURRENT.get();
            return c != null && c[index].open() ? c[index].stream() : original;
        }

        @Override
        public void flush() {
            target().flush();
        }

        @Override
        public void close() {
            PrintStream t = target();
            if (t == original) {
                original.close();
            }
        }

        @Override
        public boolean checkError() {
            return target().checkError();
        }

        @Override
        public void write(int b) {
            target().write(b);
        }

        @Override
        public void write(byte[] buf, int off, int len) {
            target().write(buf, off, len);
        }

        @Override
        public void write(byte[] buf) throws java.io.IOException {
            target().write(buf);
        }

        @Override
        public void writeBytes(byte[] buf) {
            target().writeBytes(buf);
        }

        @Override
        public void print(boolean b) {
            target().print(b);
        }

        @Override
        public void print(char c) {
            target().print(c);
        }

        @Override
        public void print(int i) {
            target().print(i);
        }

        @Override
        public void print(long l) {
            target().print(l);
        }

        @Override
        public void print(float f) {
            target().print(f);
        }

        @Override
        public void print(double d) {
            target().print(d);
        }

        @Override
        public void print(char[] s) {
            target().print(s);
        }

        @Override
        public void print(String s) {
            target().print(s);
        }

        @Override
        public void print(Object obj) {
            target().print(obj);
        }

        @Override
        public void println() {
            target().println();
        }

        @Override
        public void println(boolean x) {
            target().println(x);
        }

        @Override
        public void println(char x) {
            target().println(x);
        }

        @Override
        public void println(int x) {
            target().println(x);
        }

        @Override
        public void println(long x) {
            target().println(x);
        }

        @Override
        public void println(float x) {
            target().println(x);
        }

        @Override
        public void println(double x) {
            target().println(x);
        }

        @Override
        public void println(char[] x) {
            target().println(x);
        }

        @Override
        public void println(String x) {
            target().println(x);
        }

        @Override
        public void println(Object x) {
            target().println(x);
        }

        @Override
        public PrintStream printf(String format, Object... args) {
            target().printf(format, args);
            return this;
        }

        @Override
        public PrintStream printf(Locale l, String format, Object... args) {
            target().printf(l, format, args);
            return this;
        }

        @Override
        public PrintStream format(String format, Object... args) {
            target().format(format, args);
            return this;
        }

        @Override
        public PrintStream format(Locale l, String format, Object... args) {
            target().format(l, format, args);
            return this;
        }

        @Override
        public PrintStream append(CharSequence csq) {
            target().append(csq);
            return this;
        }

        @Override
        public PrintStream append(CharSequence csq, int start, int end) {
            target().append(csq, start, end);
            return this;
        }

        @Override
        public PrintStream append(char c) {
            target().append(c);
            return this;
        }
    }
}
