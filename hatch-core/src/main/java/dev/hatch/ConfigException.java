package dev.hatch;

/**
 * Hatch's configuration is wrong: an unknown or malformed key, an unreadable token file, a
 * non-loopback address without TLS. The message names the key and says what to change.
 * Thrown by {@link Hatch.Builder#start()} and the property loader, never while serving.
 */
public final class ConfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message that names the offending key. */
    public ConfigException(String message) {
        super(message);
    }

    /** Creates the exception with a message that names the offending key and its cause. */
    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
