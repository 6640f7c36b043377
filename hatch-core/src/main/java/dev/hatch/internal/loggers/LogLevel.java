package dev.hatch.internal.loggers;

import dev.hatch.internal.http.Problem;
import java.util.Locale;

/**
 * Log levels as Hatch names them, the same for every framework. Requests use these names
 * (case-insensitive; {@code WARNING}, {@code SEVERE}, {@code FATAL} and the JUL names are
 * accepted as aliases). java.util.logging maps as follows: TRACE = FINEST, DEBUG = FINE,
 * INFO = INFO, WARN = WARNING, ERROR = SEVERE, OFF = OFF; read back, FINER counts as TRACE,
 * CONFIG as DEBUG and ALL as TRACE.
 */
enum LogLevel {
    TRACE, DEBUG, INFO, WARN, ERROR, OFF;

    /** Parses a level a client sent; 400 naming the valid ones otherwise. */
    static LogLevel parse(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT);
        return switch (t) {
            case "TRACE", "FINEST", "FINER", "ALL" -> TRACE;
            case "DEBUG", "FINE", "CONFIG" -> DEBUG;
            case "INFO" -> INFO;
            case "WARN", "WARNING" -> WARN;
            case "ERROR", "SEVERE", "FATAL" -> ERROR;
            case "OFF" -> OFF;
            default -> throw Problem.badRequest("unknown level '" + printable(text)
                    + "'; use TRACE, DEBUG, INFO, WARN, ERROR or OFF (or null to inherit the parent's level)");
        };
    }

    /** The level of a framework's level name, or {@code null} when the name is none we know. */
    static LogLevel fromNative(String name) {
        if (name == null) {
            return null;
        }
        try {
            return parse(name);
        } catch (Problem e) {
            return null;
        }
    }

    private static String printable(String s) {
        String cut = s.length() > 32 ? s.substring(0, 32) + "..." : s;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
