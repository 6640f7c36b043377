package dev.hatch;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The validated arguments of one {@link Command} run: every given argument, and the default of
 * every optional parameter that was left out. Getters throw {@link IllegalStateException} for a
 * parameter without a value (check {@link #has(String)} first) and
 * {@link IllegalArgumentException} for a name the command does not declare.
 */
public final class CommandArguments {
    private final Set<String> declared;
    private final Map<String, Object> values;

    /**
     * Arguments as the endpoint hands them to a handler, already checked against the declared
     * parameters; a handler's own tests can build them directly.
     */
    public CommandArguments(Set<String> declared, Map<String, Object> values) {
        this.declared = Set.copyOf(declared);
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** Whether the parameter has a value (given, or by default). */
    public boolean has(String name) {
        check(name);
        return values.containsKey(name);
    }

    /** A {@link Param#string(String)} argument. */
    public String string(String name) {
        return get(name, String.class);
    }

    /** A {@link Param#integer(String)} argument. */
    public int integer(String name) {
        return get(name, Integer.class);
    }

    /** A {@link Param#longValue(String)} argument. */
    public long longValue(String name) {
        return get(name, Long.class);
    }

    /** A {@link Param#bool(String)} argument. */
    public boolean bool(String name) {
        return get(name, Boolean.class);
    }

    /** A {@link Param#duration(String)} argument. */
    public Duration duration(String name) {
        return get(name, Duration.class);
    }

    /** A {@link Param#choice} argument as its string (an enum constant's name). */
    public String choice(String name) {
        Object v = get(name, Object.class);
        return v instanceof Enum<?> e ? e.name() : get(name, String.class);
    }

    /** A {@link Param#choice(String, Class)} argument as the enum constant. */
    public <E extends Enum<E>> E choice(String name, Class<E> type) {
        return get(name, type);
    }

    /** Every value by parameter name, as the handler would get it from the typed getters. */
    public Map<String, Object> asMap() {
        return values;
    }

    private <T> T get(String name, Class<T> type) {
        check(name);
        Object v = values.get(name);
        if (v == null) {
            throw new IllegalStateException("parameter '" + name + "' was not given and has no default; check has(\""
                    + name + "\") first");
        }
        if (!type.isInstance(v)) {
            throw new IllegalStateException("parameter '" + name + "' holds a " + v.getClass().getSimpleName()
                    + ", not a " + type.getSimpleName());
        }
        return type.cast(v);
    }

    private void check(String name) {
        if (!declared.contains(name)) {
            throw new IllegalArgumentException("the command declares no parameter '" + name + "'; declared: " + declared);
        }
    }
}
