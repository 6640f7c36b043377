package dev.hatch;

import dev.hatch.internal.commands.ParamValues;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A typed parameter of a {@link Command}. Immutable: every modifier returns a new parameter.
 * Optional unless {@link #required()}; an optional parameter may have a {@link #defaultValue}.
 *
 * <pre>{@code
 * Param.string("region").required()
 * Param.integer("batch").range(1, 1000).defaultValue(100)
 * Param.duration("grace").defaultValue(Duration.ofSeconds(5))
 * Param.choice("mode", "soft", "hard").description("how hard to clear")
 * }</pre>
 *
 * <p>In the JSON body a string is a string; {@code int} and {@code long} a number without
 * fraction (or a string of digits); {@code boolean} {@code true}/{@code false}; a duration a
 * string such as {@code "500ms"}, {@code "30s"}, {@code "5m"}, {@code "PT30S"} or a number of
 * milliseconds; a choice one of its strings. {@code null} counts as absent.
 */
public final class Param {
    private static final int DEFAULT_MAX_LENGTH = 1024;

    /** The kinds of values, with the names {@code GET /ops/commands} shows. */
    /** A parameter's value type. */
    public enum Type {
        STRING("string"), INT("int"), LONG("long"), BOOLEAN("boolean"), DURATION("duration"), CHOICE("enum");

        final String id;

        Type(String id) {
            this.id = id;
        }
    }

    private final String name;
    private final Type type;
    private final String description;
    private final boolean required;
    private final Object defaultValue;
    private final long min;
    private final long max;
    private final List<String> choices;
    private final Class<?> enumType;

    private Param(String name, Type type, String description, boolean required, Object defaultValue, long min, long max,
                  List<String> choices, Class<?> enumType) {
        this.name = name;
        this.type = type;
        this.description = description;
        this.required = required;
        this.min = min;
        this.max = max;
        this.choices = choices;
        this.enumType = enumType;
        if (min > max) {
            throw new IllegalArgumentException("parameter '" + name + "': minimum " + min + " is above maximum " + max);
        }
        if (required && defaultValue != null) {
            throw new IllegalArgumentException("parameter '" + name + "' is required, so it cannot have a default");
        }
        this.defaultValue = defaultValue == null ? null : checkedDefault(defaultValue);
    }

    private Object checkedDefault(Object value) {
        try {
            return ParamValues.convert(this, value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("default of parameter '" + name + "': " + e.getMessage(), e);
        }
    }

    private static Param of(String name, Type type, long min, long max, List<String> choices, Class<?> enumType) {
        Objects.requireNonNull(name, "name");
        if (!name.matches("[A-Za-z][A-Za-z0-9_-]{0,63}")) {
            throw new IllegalArgumentException("parameter name '" + name + "' must start with a letter and hold up to 64"
                    + " letters, digits, '_' or '-'");
        }
        return new Param(name, type, "", false, null, min, max, choices, enumType);
    }

    /** A string of at most 1024 characters (see {@link #maxLength(int)}). */
    public static Param string(String name) {
        return of(name, Type.STRING, 0, DEFAULT_MAX_LENGTH, List.of(), null);
    }

    /** A 32-bit whole number ({@code int}); any value unless {@link #range(long, long)} is given. */
    public static Param integer(String name) {
        return of(name, Type.INT, Integer.MIN_VALUE, Integer.MAX_VALUE, List.of(), null);
    }

    /** A 64-bit whole number ({@code long}). */
    public static Param longValue(String name) {
        return of(name, Type.LONG, Long.MIN_VALUE, Long.MAX_VALUE, List.of(), null);
    }

    /** {@code true} or {@code false}. */
    public static Param bool(String name) {
        return of(name, Type.BOOLEAN, 0, 0, List.of(), null);
    }

    /** A non-negative {@link Duration}, millisecond precision (see {@link #range(Duration, Duration)}). */
    public static Param duration(String name) {
        return of(name, Type.DURATION, 0, Long.MAX_VALUE, List.of(), null);
    }

    /** One of the given strings, matched exactly. */
    public static Param choice(String name, String... choices) {
        if (choices.length == 0) {
            throw new IllegalArgumentException("parameter '" + name + "' needs at least one choice");
        }
        return of(name, Type.CHOICE, 0, 0, List.of(choices), null);
    }

    /** The name of one of the enum's constants; the handler gets the constant from {@link CommandArguments#choice(String, Class)}. */
    public static <E extends Enum<E>> Param choice(String name, Class<E> type) {
        List<String> names = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            names.add(e.name());
        }
        return of(name, Type.CHOICE, 0, 0, List.copyOf(names), type);
    }

    /** What the parameter means, shown by {@code GET /ops/commands}. */
    public Param description(String text) {
        return new Param(name, type, Objects.requireNonNull(text, "text"), required, defaultValue, min, max, choices, enumType);
    }

    /** Makes the parameter required: a call without it gets 400. */
    public Param required() {
        return new Param(name, type, description, true, defaultValue, min, max, choices, enumType);
    }

    /** The value used when the call leaves the parameter out; must fit the type and range. */
    public Param defaultValue(Object value) {
        return new Param(name, type, description, required, Objects.requireNonNull(value, "value"), min, max, choices, enumType);
    }

    /** Inclusive bounds of an {@code int} or {@code long} parameter. */
    public Param range(long min, long max) {
        if (type != Type.INT && type != Type.LONG) {
            throw new IllegalStateException("parameter '" + name + "': range(long, long) applies to int and long parameters");
        }
        if (type == Type.INT && (min < Integer.MIN_VALUE || max > Integer.MAX_VALUE)) {
            throw new IllegalArgumentException("parameter '" + name + "': an int range must lie within the int type");
        }
        return new Param(name, type, description, required, defaultValue, min, max, choices, enumType);
    }

    /** Inclusive bounds of a duration parameter. */
    public Param range(Duration min, Duration max) {
        if (type != Type.DURATION) {
            throw new IllegalStateException("parameter '" + name + "': range(Duration, Duration) applies to duration parameters");
        }
        if (min.isNegative()) {
            throw new IllegalArgumentException("parameter '" + name + "': durations cannot be negative");
        }
        return new Param(name, type, description, required, defaultValue, min.toMillis(), max.toMillis(), choices, enumType);
    }

    /** The longest string accepted; default 1024. */
    public Param maxLength(int length) {
        if (type != Type.STRING) {
            throw new IllegalStateException("parameter '" + name + "': maxLength applies to string parameters");
        }
        if (length < 1) {
            throw new IllegalArgumentException("parameter '" + name + "': maxLength must be at least 1");
        }
        return new Param(name, type, description, required, defaultValue, 0, length, choices, enumType);
    }

    /** The parameter's name, as written in the JSON body. */
    public String name() {
        return name;
    }

    /** This parameter's value type. */
    public Type type() {
        return type;
    }

    /** Whether a call must give this parameter. */
    public boolean isRequired() {
        return required;
    }

    /** The value used when a call leaves the parameter out, or {@code null}. */
    public Object defaultValue() {
        return defaultValue;
    }

    /** The lowest value (numbers) or shortest length (strings) allowed. */
    public long min() {
        return min;
    }

    /** The highest value (numbers) or longest length (strings) allowed. */
    public long max() {
        return max;
    }

    /** The allowed values of a choice, else empty. */
    public List<String> choices() {
        return choices;
    }

    /** The enum a choice was made from, or {@code null}. */
    public Class<?> enumType() {
        return enumType;
    }

    /** The schema {@code GET /ops/commands} shows. */
    /** This parameter as the JSON schema fragment that {@code GET /ops/commands} publishes. */
    public Map<String, Object> schema() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("type", type.id);
        m.put("description", description);
        m.put("required", required);
        if (defaultValue != null) {
            m.put("default", ParamValues.toJson(defaultValue));
        }
        switch (type) {
            case INT, LONG -> {
                if (min != (type == Type.INT ? Integer.MIN_VALUE : Long.MIN_VALUE)) {
                    m.put("min", min);
                }
                if (max != (type == Type.INT ? Integer.MAX_VALUE : Long.MAX_VALUE)) {
                    m.put("max", max);
                }
            }
            case DURATION -> {
                m.put("minMs", min);
                if (max != Long.MAX_VALUE) {
                    m.put("maxMs", max);
                }
            }
            case STRING -> m.put("maxLength", max);
            case CHOICE -> m.put("choices", choices);
            default -> {
            }
        }
        return m;
    }
}
