package dev.hatch.internal.loggers;

import static dev.hatch.internal.loggers.Reflect.call;

import java.lang.reflect.Constructor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Log4j 2 with its own core ({@code log4j-core}), reached by reflection. When the Log4j API is
 * routed elsewhere (e.g. {@code log4j-to-slf4j}) there is no Log4j configuration to change and
 * this backend is absent. Levels live in the configuration's logger configs: setting a level on
 * a logger without one adds a config (as Log4j's {@code Configurator.setLevel} does), and
 * reverting to "inherit" removes it again.
 */
final class Log4jBackend implements LoggingBackend {
    private static final String CORE_CONTEXT = "org.apache.logging.log4j.core.LoggerContext";
    private static final String LOGGER_CONFIG = "org.apache.logging.log4j.core.config.LoggerConfig";
    private static final String LEVEL = "org.apache.logging.log4j.Level";

    private final Object context;
    private final ClassLoader loader;

    private Log4jBackend(Object context, ClassLoader loader) {
        this.context = context;
        this.loader = loader;
    }

    /** The backend when Log4j 2 core is the implementation behind the Log4j API, else {@code null}. */
    static Log4jBackend find(ClassLoader loader) {
        try {
            Class<?> logManager = Class.forName("org.apache.logging.log4j.LogManager", true, loader);
            Object context = logManager.getMethod("getContext", ClassLoader.class, boolean.class).invoke(null, loader, false);
            Class<?> core = Class.forName(CORE_CONTEXT, false, loader);
            return core.isInstance(context) ? new Log4jBackend(context, loader) : null;
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return null;
        }
    }

    @Override
    public String id() {
        return "log4j2";
    }

    @Override
    public List<LoggerState> loggers() {
        Object config = call(context, "getConfiguration");
        Map<String, LoggerState> out = new LinkedHashMap<>();
        List<Object> configs = new ArrayList<>();
        configs.add(call(config, "getRootLogger"));
        configs.addAll(((Map<?, ?>) call(config, "getLoggers")).values());
        for (Object lc : configs) {
            String name = displayName((String) call(lc, "getName"));
            String level = String.valueOf(call(lc, "getLevel"));
            out.put(name, new LoggerState(name, level, level));
        }
        for (Object logger : (Collection<?>) call(context, "getLoggers")) {
            String name = displayName((String) call(logger, "getName"));
            out.putIfAbsent(name, new LoggerState(name, null, String.valueOf(call(logger, "getLevel"))));
        }
        return new ArrayList<>(out.values());
    }

    @Override
    public LoggerState logger(String name) {
        Object lc = loggerConfig(name);
        String effective = String.valueOf(call(lc, "getLevel"));
        return new LoggerState(displayName(name), ownConfig(lc, name) ? effective : null, effective);
    }

    @Override
    public Object configured(String name) {
        Object lc = loggerConfig(name);
        return ownConfig(lc, name) ? call(lc, "getLevel") : null;
    }

    @Override
    public void set(String name, LogLevel level) {
        Object nativeLevel = null;
        if (level != null) {
            try {
                nativeLevel = Reflect.invoke(null, Reflect.method(Class.forName(LEVEL, true, loader), "getLevel", String.class),
                        level.name());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("Log4j's Level class is missing", e);
            }
        }
        restore(name, nativeLevel);
    }

    @Override
    public void restore(String name, Object nativeLevel) {
        String n = log4jName(name);
        Object config = call(context, "getConfiguration");
        Object lc = loggerConfig(name);
        boolean own = ownConfig(lc, name);
        if (nativeLevel == null) {
            if (n.isEmpty()) {
                throw dev.hatch.internal.http.Problem.badRequest("the root logger cannot inherit a level; give it one");
            }
            if (own) {
                Reflect.invoke(config, Reflect.method(config.getClass(), "removeLogger", String.class), n);
            }
        } else if (own) {
            Reflect.invoke(lc, Reflect.method(lc.getClass(), "setLevel", nativeLevel.getClass()), nativeLevel);
        } else {
            try {
                Class<?> type = Class.forName(LOGGER_CONFIG, true, loader);
                Constructor<?> c = type.getConstructor(String.class, nativeLevel.getClass(), boolean.class);
                Object created = c.newInstance(n, nativeLevel, true);
                Reflect.invoke(config, Reflect.method(config.getClass(), "addLogger", String.class, type), n, created);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot add a Log4j logger config: " + e, e);
            }
        }
        call(context, "updateLoggers");
    }

    private Object loggerConfig(String name) {
        Object config = call(context, "getConfiguration");
        return call(config, "getLoggerConfig", log4jName(name));
    }

    private static boolean ownConfig(Object lc, String name) {
        return log4jName(name).equals(call(lc, "getName"));
    }

    private static String log4jName(String name) {
        return name.equalsIgnoreCase(ROOT) ? "" : name;
    }

    private static String displayName(String name) {
        return name.isEmpty() ? ROOT : name;
    }
}
