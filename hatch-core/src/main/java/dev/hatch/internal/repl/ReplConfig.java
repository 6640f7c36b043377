package dev.hatch.internal.repl;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Settings of the in-process REPL, fixed when the endpoint starts. The builder methods of
 * {@code Hatch.Builder} ({@code replEnabled}, {@code replTimeout}, {@code replMaxSessions},
 * {@code replIdleTimeout}, {@code replOutputBytes}, {@code replClassLoader}, {@code bind}) state the
 * defaults and validate the values.
 *
 * @param enabled whether the REPL exists at all; when not, its routes answer 403
 * @param timeout the time limit of one evaluation, after which the snippet is stopped
 * @param maxSessions how many sessions may be open at once
 * @param idleTimeout a session unused this long is closed
 * @param outputBytes the most bytes of stdout, of stderr and of the value returned per evaluation
 * @param classLoader the parent of the snippets' class loader: whose classes snippets see
 * @param bindings objects the application names for snippets, in registration order
 */
public record ReplConfig(boolean enabled, Duration timeout, int maxSessions, Duration idleTimeout, int outputBytes,
                         ClassLoader classLoader, Map<String, Object> bindings) {

    /** Default time limit of one evaluation: 5 seconds. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    /** Default number of sessions open at once: 4. */
    public static final int DEFAULT_MAX_SESSIONS = 4;
    /** Default idle time after which a session is closed: 10 minutes. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(10);
    /** Default cap of stdout, stderr and value per evaluation: 64 KiB each. */
    public static final int DEFAULT_OUTPUT_BYTES = 64 * 1024;

    private static final Set<String> KEYWORDS = Set.of("abstract", "assert", "boolean", "break", "byte", "case",
            "catch", "char", "class", "const", "continue", "default", "do", "double", "else", "enum", "extends", "final",
            "finally", "float", "for", "goto", "if", "implements", "import", "instanceof", "int", "interface", "long",
            "native", "new", "package", "private", "protected", "public", "return", "short", "static", "strictfp",
            "super", "switch", "synchronized", "this", "throw", "throws", "transient", "try", "void", "volatile",
            "while", "true", "false", "null", "var", "yield", "record", "sealed", "permits", "_");

    /** Checks the components and copies the bindings. */
    public ReplConfig {
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(classLoader, "classLoader");
        bindings = Collections.unmodifiableMap(new LinkedHashMap<>(bindings));
    }

    /**
     * Whether a name can be a binding: a Java identifier that is not a keyword or a restricted
     * identifier such as {@code var}, and does not start with {@code $} (JShell's own names).
     */
    public static boolean validBindingName(String name) {
        if (name == null || name.isEmpty() || name.length() > 64 || KEYWORDS.contains(name) || name.startsWith("$")
                || !Character.isJavaIdentifierStart(name.charAt(0))) {
            return false;
        }
        return name.chars().allMatch(Character::isJavaIdentifierPart);
    }
}
