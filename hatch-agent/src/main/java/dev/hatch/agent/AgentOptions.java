package dev.hatch.agent;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * The agent's options: the text after {@code =} in {@code -javaagent:hatch-agent.jar=OPTIONS},
 * comma-separated {@code name=value} pairs. {@code config=/path} names the properties file
 * ({@code HATCH_CONFIG} stands in when absent); {@code port=N} and {@code host=ADDR} override
 * the file. An unknown or malformed option is an error: a typo must not start an endpoint
 * configured differently from what the operator wrote.
 */
record AgentOptions(Path config, Integer port, String host) {

    /** The options an operator may write, in the order {@link #format()} writes them. */
    static final List<String> NAMES = List.of("config", "port", "host");

    /**
     * Parses the option text; {@code null} or blank means no options.
     *
     * @throws IllegalArgumentException naming the offending option
     */
    static AgentOptions parse(String text) {
        Map<String, String> values = new LinkedHashMap<>();
        if (text != null) {
            for (String part : text.split(",")) {
                String item = part.trim();
                if (item.isEmpty()) {
                    continue;
                }
                int eq = item.indexOf('=');
                if (eq < 0) {
                    throw new IllegalArgumentException("agent option '" + item + "' needs a value, e.g. " + item + "=...; "
                            + "the options are " + String.join(", ", NAMES));
                }
                String name = item.substring(0, eq).trim();
                String value = item.substring(eq + 1).trim();
                if (!NAMES.contains(name)) {
                    throw new IllegalArgumentException("unknown agent option '" + name + "'; the options are "
                            + String.join(", ", NAMES) + " (comma-separated name=value)");
                }
                if (value.isEmpty()) {
                    throw new IllegalArgumentException("agent option '" + name + "' is empty");
                }
                if (values.put(name, value) != null) {
                    throw new IllegalArgumentException("agent option '" + name + "' is given twice");
                }
            }
        }
        return new AgentOptions(path(values.get("config")), port(values.get("port")), values.get("host"));
    }

    private static Path path(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("agent option 'config' is not a valid path: " + e.getMessage(), e);
        }
    }

    private static Integer port(String value) {
        if (value == null) {
            return null;
        }
        try {
            int port = Integer.parseInt(value);
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("agent option 'port' must be between 0 and 65535, was " + value);
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("agent option 'port' must be a whole number, was '" + value + "'", e);
        }
    }

    /**
     * The configuration file to read: {@code config=} if given, else the file named by
     * {@code HATCH_CONFIG} in the given environment, else none (defaults only).
     */
    Optional<Path> configFile(Map<String, String> environment) {
        if (config != null) {
            return Optional.of(config);
        }
        String fromEnv = environment.get("HATCH_CONFIG");
        if (fromEnv == null || fromEnv.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(path(fromEnv.trim()));
    }

    /** The same options with the given configuration file. */
    AgentOptions withConfig(Path file) {
        return new AgentOptions(file, port, host);
    }

    /** The option text that {@link #parse(String)} reads back into these options. */
    String format() {
        StringJoiner out = new StringJoiner(",");
        if (config != null) {
            String c = config.toString();
            if (c.contains(",")) {
                throw new IllegalArgumentException("the configuration file's path must not contain a comma: " + c);
            }
            out.add("config=" + c);
        }
        if (port != null) {
            out.add("port=" + port);
        }
        if (host != null) {
            out.add("host=" + host);
        }
        return out.toString();
    }
}
