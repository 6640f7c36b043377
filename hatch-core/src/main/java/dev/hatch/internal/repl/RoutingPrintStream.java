package dev.hatch.internal.repl;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * A {@code PrintStream} that forwards every call to the stream the calling thread should print
 * to, or else to the original, unchanged. Methods added to {@code PrintStream} after JDK 17 fall
 * back to {@code PrintStream}'s own code writing to the original.
 */
final class RoutingPrintStream extends PrintStream {
    private final PrintStream original;
    private final Supplier<PrintStream> redirect;

    RoutingPrintStream(PrintStream original, Supplier<PrintStream> redirect) {
        super(original, false);
        this.original = original;
        this.redirect = redirect;
    }

    private PrintStream target() {
        PrintStream t = redirect.get();
        return t != null ? t : original;
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
    public void write(byte[] buf) throws IOException {
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
