package dev.hatch.internal.config;

import dev.hatch.ConfigException;
import dev.hatch.Hatch;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * One configuration key, declared once in {@link Keys}: its name, value type, default, bounds,
 * one line of documentation, whether its value is secret, how a value reaches the public builder
 * and where the builder keeps it. The builder's methods check their argument with
 * {@link #check}, the properties loader parses with {@link #parse} and then calls the same
 * builder method, so the two accept exactly the same values.
 *
 * @param <T> the value's Java type
 */
public final class Key<T> {

    /** How a key's value is written. */
    public enum Type {
        TEXT("text"),
        INTEGER("whole number"),
        SIZE("size (`64MB`, `512KB`, bytes)"),
        BOOLEAN("`true` or `false`"),
        DURATION("duration (`500ms`, `30s`, `5m`, `2h`, `PT30S`)"),
        DECIMAL("number"),
        PATH("path"),
        SECRET("`env:VARIABLE` or `file:/path`"),
        LIST("comma-separated list"),
        CHOICE("one of");

        final String doc;

        Type(String doc) {
            this.doc = doc;
        }
    }

    /** Hands a parsed value to the builder (and, for the few compound builder methods, reads the other parts from the settings). */
    @FunctionalInterface
    public interface Setter<T> {
        void set(Hatch.Builder builder, Settings settings, T value);
    }

    private final String name;
    private final Type type;
    private final String defaultText;
    private final boolean literalDefault;
    private final T min;
    private final T max;
    private final List<String> choices;
    private final boolean secret;
    private final String doc;
    private final Setter<T> setter;
    private final Function<Settings, Object> reader;

    private Key(Builder<T> b) {
        this.name = b.name;
        this.type = b.type;
        this.defaultText = b.defaultText;
        this.literalDefault = b.literalDefault;
        this.min = b.min;
        this.max = b.max;
        this.choices = List.copyOf(b.choices);
        this.secret = b.secret;
        this.doc = Objects.requireNonNull(b.doc, "doc");
        this.setter = Objects.requireNonNull(b.setter, "setter");
        this.reader = Objects.requireNonNull(b.reader, "reader");
    }

    static <T> Builder<T> key(String name, Type type) {
        return new Builder<>(name, type);
    }

    public String name() {
        return name;
    }

    public Type type() {
        return type;
    }

    /** The default as the documentation shows it. */
    public String defaultText() {
        return defaultText;
    }

    /** Whether {@link #defaultText()} is a value ({@code parse(defaultText)} is the default) rather than a description. */
    public boolean literalDefault() {
        return literalDefault;
    }

    public T min() {
        return min;
    }

    public T max() {
        return max;
    }

    public List<String> choices() {
        return choices;
    }

    /** Whether the value names a secret (it is a spec such as {@code env:NAME}, never echoed). */
    public boolean secret() {
        return secret;
    }

    public String doc() {
        return doc;
    }

    /** The value the settings hold for this key (for tests and the generated documentation). */
    public Object read(Settings settings) {
        return reader.apply(settings);
    }

    /** Parses a value as written in a properties file; the message names the key and the grammar. */
    @SuppressWarnings("unchecked")
    public T parse(String raw) {
        String v = raw.trim();
        try {
            return (T) switch (type) {
                case TEXT, SECRET -> nonEmpty(v);
                case PATH -> Path.of(nonEmpty(v));
                case INTEGER -> Integer.parseInt(v);
                case SIZE -> Sizes.parse(v);
                case DURATION -> Durations.parse(v);
                case DECIMAL -> Double.parseDouble(v);
                case BOOLEAN -> switch (v.toLowerCase(Locale.ROOT)) {
                    case "true" -> Boolean.TRUE;
                    case "false" -> Boolean.FALSE;
                    default -> throw new IllegalArgumentException(v);
                };
                case CHOICE -> {
                    String c = v.toLowerCase(Locale.ROOT);
                    yield check((T) c);
                }
                case LIST -> {
                    List<String> items = new ArrayList<>();
                    for (String item : v.split(",")) {
                        if (!item.isBlank()) {
                            items.add(item.trim());
                        }
                    }
                    yield List.copyOf(items);
                }
            };
        } catch (ConfigException e) {
            throw e;
        } catch (InvalidPathException e) {
            throw new ConfigException(name + " is not a valid path: " + e.getMessage(), e);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new ConfigException(name + " must be " + grammar() + ", was '" + raw + "'", e);
        }
    }

    private String nonEmpty(String v) {
        if (v.isEmpty()) {
            throw new ConfigException(name + " is empty");
        }
        return v;
    }

    private String grammar() {
        return switch (type) {
            case INTEGER -> "a whole number";
            case SIZE -> "a size such as 64MB, 512KB or 1GB";
            case DURATION -> "a duration such as 500ms, 30s, 5m or PT30S";
            case DECIMAL -> "a number such as 0.5";
            case BOOLEAN -> "true or false";
            default -> "a " + type.doc;
        };
    }

    /** Returns {@code value} if it is within this key's bounds, else throws a {@link ConfigException} naming the key. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public T check(T value) {
        if (value == null) {
            throw new ConfigException(name + " must not be null");
        }
        if (type == Type.CHOICE && !choices.contains(value)) {
            String all = String.join(", ", choices.subList(0, choices.size() - 1)) + " or " + choices.get(choices.size() - 1);
            throw new ConfigException(name + " must be " + all + ", was '" + value + "'");
        }
        boolean low = min != null && ((Comparable) value).compareTo(min) < 0;
        boolean high = max != null && ((Comparable) value).compareTo(max) > 0;
        if (low || high) {
            throw new ConfigException(name + " must be " + boundsText() + ", was " + format(value));
        }
        return value;
    }

    /** The bounds as the error messages and the documentation say them, or empty. */
    public String boundsText() {
        if (min != null && max != null) {
            return "between " + format(min) + " and " + format(max);
        }
        if (min != null) {
            return "at least " + format(min);
        }
        if (max != null) {
            return "at most " + format(max);
        }
        return "";
    }

    /** A value in this key's grammar ({@code 64MB}, {@code 30s}). */
    public String format(Object value) {
        if (value instanceof Duration d) {
            return Durations.format(d);
        }
        if (type == Type.SIZE && value instanceof Long n) {
            return Sizes.format(n);
        }
        return String.valueOf(value);
    }

    /** Parses {@code raw} and hands it to the builder; every failure is a {@link ConfigException} naming the key. */
    public void apply(Hatch.Builder builder, Settings settings, String raw) {
        T value = parse(raw);
        try {
            setter.set(builder, settings, value);
        } catch (ConfigException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ConfigException(name + ": " + e.getMessage(), e);
        }
    }

    /** Collects one key's declaration. */
    static final class Builder<T> {
        private final String name;
        private final Type type;
        private String defaultText = "none";
        private boolean literalDefault;
        private T min;
        private T max;
        private List<String> choices = List.of();
        private boolean secret;
        private String doc;
        private Setter<T> setter;
        private Function<Settings, Object> reader;

        private Builder(String name, Type type) {
            this.name = name;
            this.type = type;
        }

        /** A default that is a value of this key. */
        Builder<T> byDefault(String text) {
            this.defaultText = text;
            this.literalDefault = true;
            return this;
        }

        /** A default that depends on something else, described in words. */
        Builder<T> byDefaultDescribed(String text) {
            this.defaultText = text;
            this.literalDefault = false;
            return this;
        }

        Builder<T> between(T min, T max) {
            this.min = min;
            this.max = max;
            return this;
        }

        Builder<T> atLeast(T min) {
            this.min = min;
            return this;
        }

        Builder<T> choices(String... choices) {
            this.choices = List.of(choices);
            return this;
        }

        Builder<T> secret() {
            this.secret = true;
            return this;
        }

        Builder<T> doc(String doc) {
            this.doc = doc;
            return this;
        }

        Builder<T> sets(Setter<T> setter) {
            this.setter = setter;
            return this;
        }

        Key<T> reads(Function<Settings, Object> reader) {
            this.reader = reader;
            return new Key<>(this);
        }

        /** Sets and reads through {@link KeySlots}, case {@code slot}: no lambda to spin at start. */
        @SuppressWarnings("unchecked")
        Key<T> slot(int slot) {
            Slot s = new Slot(slot);
            this.setter = (Setter<T>) s;
            this.reader = s;
            return new Key<>(this);
        }
    }

    /** A key's setter and reader as one {@link KeySlots} case. */
    private static final class Slot implements Setter<Object>, Function<Settings, Object> {
        private final int slot;

        Slot(int slot) {
            this.slot = slot;
        }

        @Override
        public void set(Hatch.Builder builder, Settings settings, Object value) {
            KeySlots.set(slot, builder, settings, value);
        }

        @Override
        public Object apply(Settings settings) {
            return KeySlots.read(slot, settings);
        }
    }
}
