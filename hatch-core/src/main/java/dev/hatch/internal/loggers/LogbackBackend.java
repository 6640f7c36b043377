package dev.hatch.internal.loggers;

import static dev.hatch.internal.loggers.Reflect.call;

import java.util.ArrayList;
import java.util.List;

/**
 * Logback, reached by reflection through the application's SLF4J: present only when SLF4J is
 * bound to Logback (a Logback jar beside another SLF4J provider is not the one in charge).
 */
final class LogbackBackend implements LoggingBackend {
    private static final String CONTEXT = "ch.qos.logback.classic.LoggerContext";
    private static final String LEVEL = "ch.qos.logback.classic.Level";

    private final Object context;
    private final Class<?> levelClass;

    private LogbackBackend(Object context, Class<?> levelClass) {
        this.context = context;
        this.levelClass = levelClass;
    }

    /** The backend when the application's SLF4J is bound to Logback, else {@code null}. */
    static LogbackBackend find(ClassLoader loader) {
        try {
            // Built at run time: the shade plugin rewrites string constants that start with the
            // relocated package, and this must name the application's SLF4J, not Hatch's copy.
            String slf4j = String.join(".", "org", "slf4j", "LoggerFactory");
            Class<?> factory = Class.forName(slf4j, true, loader);
            Object context = factory.getMethod("getILoggerFactory").invoke(null);
            if (context == null || !context.getClass().getName().equals(CONTEXT)) {
                return null;
            }
            return new LogbackBackend(context, Class.forName(LEVEL, true, context.getClass().getClassLoader()));
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return null;
        }
    }

    @Override
    public String id() {
        return "logback";
    }

    @Override
    public List<LoggerState> loggers() {
        List<LoggerState> out = new ArrayList<>();
        for (Object logger : (List<?>) call(context, "getLoggerList")) {
            out.add(state(logger));
        }
        return out;
    }

    @Override
    public LoggerState logger(String name) {
        Object logger = call(context, "exists", logbackName(name));
        if (logger != null) {
            return state(logger);
        }
        // Not created yet: its level would be inherited from the nearest existing ancestor.
        String n = logbackName(name);
        while (logger == null) {
            int dot = n.lastIndexOf('.');
            n = dot < 0 ? ROOT : n.substring(0, dot);
            logger = call(context, "exists", n);
        }
        return new LoggerState(name, null, String.valueOf(call(logger, "getEffectiveLevel")));
    }

    @Override
    public Object configured(String name) {
        Object logger = call(context, "exists", logbackName(name));
        return logger == null ? null : call(logger, "getLevel");
    }

    @Override
    public void set(String name, LogLevel level) {
        restore(name, level == null ? null : Reflect.invoke(null, Reflect.method(levelClass, "toLevel", String.class), level.name()));
    }

    @Override
    public void restore(String name, Object nativeLevel) {
        String n = logbackName(name);
        if (n.equals(ROOT) && nativeLevel == null) {
            throw dev.hatch.internal.http.Problem.badRequest("the root logger cannot inherit a level; give it one");
        }
        Object logger = call(context, "getLogger", n);
        Reflect.invoke(logger, Reflect.method(logger.getClass(), "setLevel", levelClass), nativeLevel);
    }

    private static LoggerState state(Object logger) {
        Object level = call(logger, "getLevel");
        return new LoggerState(String.valueOf(call(logger, "getName")), level == null ? null : level.toString(),
                String.valueOf(call(logger, "getEffectiveLevel")));
    }

    private static String logbackName(String name) {
        return name.equalsIgnoreCase(ROOT) || name.isEmpty() ? ROOT : name;
    }

}
