package dev.hatch.internal.loggers;

import java.util.List;

/**
 * One logging framework as Hatch sees it. Implementations reach optional frameworks by
 * reflection only: Hatch has no compile-time dependency on any of them. Logger names are the
 * framework's own except the root logger, which is always called {@link #ROOT} here.
 */
interface LoggingBackend {
    /** The name Hatch shows and accepts for the root logger of every framework. */
    String ROOT = "ROOT";

    /** {@code jul}, {@code logback} or {@code log4j2}. */
    String id();

    /** Every logger the framework knows, configured or created, root included. */
    List<LoggerState> loggers();

    /** One logger's levels; the logger need not exist yet (it then shows its inherited level). */
    LoggerState logger(String name);

    /** The logger's configured level in the framework's own type, for an exact revert; {@code null}: inherits. */
    Object configured(String name);

    /** Sets the configured level; {@code null} makes the logger inherit its parent's level. */
    void set(String name, LogLevel level);

    /** Puts back a level {@link #configured(String)} returned. */
    void restore(String name, Object nativeLevel);

    /** Hatch's name for one of the framework's level names; {@code null} when there is none. */
    default LogLevel normalise(String nativeName) {
        return LogLevel.fromNative(nativeName);
    }

    /**
     * One logger's levels in the framework's own words and normalised.
     *
     * @param configured the native configured level, or {@code null} when it inherits
     * @param effective the native level in force
     */
    record LoggerState(String name, String configured, String effective) {
    }
}
