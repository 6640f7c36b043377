package dev.hatch.internal.jfr;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

/**
 * Rewrites a recording without some of its events. JDK 19 added
 * {@code RecordingFile.write(Path, Predicate<RecordedEvent>)}, which copies the chunks keeping
 * only the events the predicate accepts; Hatch compiles for 17, so the method is looked up once
 * at run time. On 17 nothing can remove an event from a {@code .jfr} file ({@link #canRewrite()}
 * is false): the caller counts what it would have dropped ({@link #count}) and refuses to serve.
 */
final class RecordingFilter {
    private static final Method WRITE = find();

    private RecordingFilter() {
    }

    private static Method find() {
        try {
            return RecordingFile.class.getMethod("write", Path.class, Predicate.class);
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    /** Whether this JDK can rewrite a recording (19 and later). */
    static boolean canRewrite() {
        return WRITE != null;
    }

    /** Writes into {@code to} (which may exist, e.g. created 0600) the events of {@code from} that {@code keep} accepts. */
    static void write(Path from, Path to, Predicate<RecordedEvent> keep) throws IOException {
        if (WRITE == null) {
            throw new IllegalStateException("this JDK cannot rewrite a JFR recording");
        }
        try (RecordingFile in = new RecordingFile(from)) {
            WRITE.invoke(in, to, keep);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        }
    }

    /** The events of the file that {@code match} accepts, counted by type name (sorted). */
    static Map<String, Integer> count(Path file, Predicate<RecordedEvent> match) throws IOException {
        Map<String, Integer> found = new TreeMap<>();
        try (RecordingFile in = new RecordingFile(file)) {
            while (in.hasMoreEvents()) {
                RecordedEvent e = in.readEvent();
                if (match.test(e)) {
                    found.merge(e.getEventType().getName(), 1, Integer::sum);
                }
            }
        }
        return found;
    }
}
