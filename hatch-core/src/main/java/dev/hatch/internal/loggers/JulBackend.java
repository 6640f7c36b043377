package dev.hatch.internal.loggers;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;

/**
 * java.util.logging, always present. JUL holds loggers weakly: a level set on a logger nobody
 * else references would vanish with the next GC, so the loggers whose level Hatch changed are
 * held here (bounded) for as long as the change lasts.
 */
final class JulBackend implements LoggingBackend {
    static final int MAX_HELD = 1024;
    private final Map<String, Logger> held = new ConcurrentHashMap<>();

    @Override
    public String id() {
        return "jul";
    }

    @Override
    public List<LoggerState> loggers() {
        List<LoggerState> out = new ArrayList<>();
        for (String name : Collections.list(LogManager.getLogManager().getLoggerNames())) {
            Logger logger = LogManager.getLogManager().getLogger(name);
            if (logger != null) {
                out.add(state(logger));
            }
        }
        return out;
    }

    @Override
    public LoggerState logger(String name) {
        Logger logger = LogManager.getLogManager().getLogger(julName(name));
        if (logger != null) {
            return state(logger);
        }
        return new LoggerState(name, null, effective(Logger.getLogger(julName(name))).getName());
    }

    @Override
    public Object configured(String name) {
        Logger logger = LogManager.getLogManager().getLogger(julName(name));
        return logger == null ? null : logger.getLevel();
    }

    @Override
    public void set(String name, LogLevel level) {
        restore(name, level == null ? null : toJul(level));
    }

    @Override
    public void restore(String name, Object nativeLevel) {
        String n = julName(name);
        if (n.isEmpty() && nativeLevel == null) {
            throw dev.hatch.internal.http.Problem.badRequest("the root logger cannot inherit a level; give it one");
        }
        if (nativeLevel != null && held.size() >= MAX_HELD && !held.containsKey(n)) {
            throw dev.hatch.internal.http.Problem.conflict("Hatch already holds " + MAX_HELD + " changed java.util.logging loggers;"
                    + " set some back to null (inherit) before changing more");
        }
        Logger logger = Logger.getLogger(n);
        logger.setLevel((Level) nativeLevel);
        if (nativeLevel == null) {
            held.remove(n);
        } else {
            held.put(n, logger);
        }
    }

    @Override
    public LogLevel normalise(String nativeName) {
        return fromJul(nativeName);
    }

    private static LoggerState state(Logger logger) {
        String name = logger.getName().isEmpty() ? ROOT : logger.getName();
        return new LoggerState(name, logger.getLevel() == null ? null : logger.getLevel().getName(), effective(logger).getName());
    }

    private static Level effective(Logger logger) {
        for (Logger l = logger; l != null; l = l.getParent()) {
            if (l.getLevel() != null) {
                return l.getLevel();
            }
        }
        return Level.INFO;
    }

    private static String julName(String name) {
        return name.equalsIgnoreCase(ROOT) ? "" : name;
    }

    static Level toJul(LogLevel level) {
        return switch (level) {
            case TRACE -> Level.FINEST;
            case DEBUG -> Level.FINE;
            case INFO -> Level.INFO;
            case WARN -> Level.WARNING;
            case ERROR -> Level.SEVERE;
            case OFF -> Level.OFF;
        };
    }

    /** A JUL level by its value, so that custom levels map too. */
    static LogLevel fromJul(String name) {
        Level level;
        try {
            level = Level.parse(name);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int v = level.intValue();
        if (v == Level.OFF.intValue()) {
            return LogLevel.OFF;
        }
        return v >= Level.SEVERE.intValue() ? LogLevel.ERROR : v >= Level.WARNING.intValue() ? LogLevel.WARN
                : v >= Level.INFO.intValue() ? LogLevel.INFO : v >= Level.FINE.intValue() ? LogLevel.DEBUG : LogLevel.TRACE;
    }
}
