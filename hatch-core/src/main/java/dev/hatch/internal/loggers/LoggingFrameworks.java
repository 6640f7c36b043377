package dev.hatch.internal.loggers;

import dev.hatch.internal.http.Problem;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Finds the logging frameworks the application uses, looked up on each call (a framework may
 * finish initialising after Hatch starts), and picks the one a change applies to: the one named
 * by {@code framework}, else the only one besides java.util.logging, else java.util.logging.
 */
final class LoggingFrameworks {
    private final JulBackend jul = new JulBackend();
    private final List<ClassLoader> loaders;

    LoggingFrameworks(ClassLoader application) {
        Set<ClassLoader> set = new LinkedHashSet<>();
        if (application != null) {
            set.add(application);
        }
        set.add(ClassLoader.getSystemClassLoader());
        if (LoggingFrameworks.class.getClassLoader() != null) {
            set.add(LoggingFrameworks.class.getClassLoader());
        }
        loaders = List.copyOf(set);
    }

    /** The frameworks in use, the application's own framework first, java.util.logging last. */
    List<LoggingBackend> present() {
        List<LoggingBackend> out = new ArrayList<>();
        add(out, LogbackBackend::find);
        add(out, Log4jBackend::find);
        out.add(jul);
        return out;
    }

    private void add(List<LoggingBackend> out, Function<ClassLoader, LoggingBackend> finder) {
        for (ClassLoader loader : loaders) {
            LoggingBackend b = finder.apply(loader);
            if (b != null) {
                out.add(b);
                return;
            }
        }
    }

    /** The framework named {@code id}, or the default one when {@code id} is null; 400 when none fits. */
    LoggingBackend choose(List<LoggingBackend> present, String id) {
        if (id == null) {
            if (present.size() > 2) {
                throw Problem.badRequest("several logging frameworks are in use (" + ids(present)
                        + "); name one with the framework field or query parameter");
            }
            return present.get(0);
        }
        for (LoggingBackend b : present) {
            if (b.id().equals(id)) {
                return b;
            }
        }
        throw Problem.badRequest("framework '" + (id.length() > 32 ? id.substring(0, 32) : id).replaceAll("[^\\x20-\\x7e]", "?")
                + "' is not in use here; in use: " + ids(present));
    }

    /** The framework a change applies to when none is named, or {@code null} when one must be named. */
    String defaultId(List<LoggingBackend> present) {
        return present.size() > 2 ? null : present.get(0).id();
    }

    private static String ids(List<LoggingBackend> present) {
        return String.join(", ", present.stream().map(LoggingBackend::id).toList());
    }
}
