package dev.hatch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One of the application's own maintenance commands, run with {@code POST /ops/commands/NAME}
 * and listed with its parameters by {@code GET /ops/commands}. Registered with
 * {@link Hatch.Builder#command(Command)}.
 *
 * <pre>{@code
 * Command clear = Command.builder("cache-clear")
 *     .description("Empties one region of the product cache")
 *     .param(Param.string("region").required())
 *     .param(Param.bool("dryRun").defaultValue(false))
 *     .timeLimit(Duration.ofSeconds(10))                  // default 30 s
 *     .handler(args -> Map.of("cleared", cache.clear(args.string("region"), args.bool("dryRun"))))
 *     .build();
 * }</pre>
 *
 * <p>Callers need the {@code operate} scope and, when the command names another one with
 * {@link Builder#scope(Scope)}, that scope as well. Arguments are validated before the handler
 * runs (400 otherwise). The handler runs on one of Hatch's bounded worker threads; past its time
 * limit it is interrupted and the caller gets 504. Its result is sent as JSON. An exception
 * gives 500 with the exception's class and message ({@link IllegalArgumentException}: 400), never
 * a stack trace. A command runs once at a time (409 otherwise), and every run is audited with
 * its arguments (secret-looking ones masked).
 */
public final class Command {
    private final String name;
    private final String description;
    private final List<Param> params;
    private final Scope scope;
    private final Duration timeLimit;
    private final Handler handler;

    private Command(Builder b) {
        this.name = b.name;
        this.description = b.description;
        this.params = List.copyOf(b.params.values());
        this.scope = b.scope;
        this.timeLimit = b.timeLimit;
        this.handler = b.handler;
    }

    /** Starts a command; the name is 1–64 lower-case letters, digits and '-', e.g. {@code cache-clear}. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** The command's name, the last segment of its URL. */
    public String name() {
        return name;
    }

    /** What the command does. */
    public String description() {
        return description;
    }

    /** The parameters, in declaration order. */
    public List<Param> params() {
        return params;
    }

    /** The scope a caller needs besides {@code operate}; {@link Scope#OPERATE} by default. */
    public Scope scope() {
        return scope;
    }

    /** How long the handler may run before it is interrupted. */
    public Duration timeLimit() {
        return timeLimit;
    }

    /** The code this command runs. */
    public Handler handler() {
        return handler;
    }

    /** The command's work. */
    @FunctionalInterface
    public interface Handler {
        /**
         * Runs the command.
         *
         * @return what the caller receives as JSON: a map, list, string, number, boolean or null
         * @throws Exception reported to the caller as 500 with its class and message;
         *     {@link IllegalArgumentException} as 400
         */
        Object run(CommandArguments args) throws Exception;
    }

    /** Collects a command; {@link #build()} checks that it is complete. */
    public static final class Builder {
        private static final Duration MAX_TIME_LIMIT = Duration.ofHours(1);
        private final String name;
        private String description = "";
        private final Map<String, Param> params = new LinkedHashMap<>();
        private Scope scope = Scope.OPERATE;
        private Duration timeLimit = Duration.ofSeconds(30);
        private Handler handler;

        private Builder(String name) {
            Objects.requireNonNull(name, "name");
            if (!name.matches("[a-z0-9][a-z0-9-]{0,63}")) {
                throw new IllegalArgumentException("command name '" + name + "' must be 1-64 lower-case letters, digits"
                        + " or '-', starting with a letter or digit");
            }
            this.name = name;
        }

        /** What the command does, shown by {@code GET /ops/commands}. Default empty. */
        public Builder description(String text) {
            this.description = Objects.requireNonNull(text, "text");
            return this;
        }

        /** Adds a parameter; names must be unique. */
        public Builder param(Param param) {
            Objects.requireNonNull(param, "param");
            if (params.putIfAbsent(param.name(), param) != null) {
                throw new IllegalArgumentException("command '" + name + "' declares parameter '" + param.name() + "' twice");
            }
            return this;
        }

        /** The scope a caller needs besides {@code operate}. Default {@link Scope#OPERATE}. */
        public Builder scope(Scope scope) {
            this.scope = Objects.requireNonNull(scope, "scope");
            return this;
        }

        /** How long the handler may run before it is interrupted (10 ms to 1 h). Default 30 s. */
        public Builder timeLimit(Duration limit) {
            Objects.requireNonNull(limit, "limit");
            if (limit.toMillis() < 10 || limit.compareTo(MAX_TIME_LIMIT) > 0) {
                throw new IllegalArgumentException("command '" + name + "': time limit must be between 10 ms and 1 h, was " + limit);
            }
            this.timeLimit = limit;
            return this;
        }

        /** The work; required. */
        public Builder handler(Handler handler) {
            this.handler = Objects.requireNonNull(handler, "handler");
            return this;
        }

        /** The command. */
        public Command build() {
            if (handler == null) {
                throw new IllegalStateException("command '" + name + "' has no handler");
            }
            return new Command(this);
        }
    }

    /** The description {@code GET /ops/commands} shows. */
    /** This command as {@code GET /ops/commands} lists it: name, description, scope, parameters. */
    public Map<String, Object> schema() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("description", description);
        m.put("scope", scope.id());
        m.put("timeLimitMs", timeLimit.toMillis());
        List<Object> list = new ArrayList<>();
        for (Param p : params) {
            list.add(p.schema());
        }
        m.put("parameters", list);
        return m;
    }
}
