package dev.hatch.internal.commands;

import dev.hatch.Command;
import dev.hatch.CommandArguments;
import dev.hatch.Param;
import dev.hatch.internal.http.Problem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a JSON body of arguments against a command's parameters and reports every mistake at
 * once: unknown parameters, missing required ones, wrong types, values out of range.
 */
public final class CommandValidator {
    private static final int MAX_NAMES = 16;

    private CommandValidator() {
    }

    /** The arguments with defaults filled in; 400 listing every problem otherwise. */
    public static CommandArguments validate(Command command, Map<String, Object> given) {
        Map<String, Param> params = new LinkedHashMap<>();
        for (Param p : command.params()) {
            params.put(p.name(), p);
        }
        List<String> errors = new ArrayList<>();
        for (String name : given.keySet()) {
            if (!params.containsKey(name)) {
                errors.add("unknown parameter '" + printable(name) + "'");
            }
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (Param p : params.values()) {
            Object raw = given.get(p.name());
            if (raw == null) {
                if (p.isRequired()) {
                    errors.add("missing required parameter '" + p.name() + "'");
                } else if (p.defaultValue() != null) {
                    values.put(p.name(), p.defaultValue());
                }
                continue;
            }
            try {
                values.put(p.name(), ParamValues.convert(p, raw));
            } catch (IllegalArgumentException e) {
                errors.add("parameter '" + p.name() + "' " + e.getMessage());
            }
        }
        if (!errors.isEmpty()) {
            String allowed = params.isEmpty() ? "it takes no parameters" : "parameters: " + String.join(", ", params.keySet());
            throw Problem.badRequest("invalid arguments for command '" + command.name() + "': "
                    + String.join("; ", errors.subList(0, Math.min(errors.size(), MAX_NAMES))) + " (" + allowed + ")");
        }
        return new CommandArguments(params.keySet(), values);
    }

    /** Names of the given arguments, bounded, for the audit log of a refused call. */
    public static Set<String> printableNames(Map<String, Object> given) {
        Set<String> names = new LinkedHashSet<>();
        for (String name : given.keySet()) {
            if (names.size() == MAX_NAMES) {
                break;
            }
            names.add(printable(name));
        }
        return names;
    }

    private static String printable(String name) {
        String s = name.length() > 64 ? name.substring(0, 64) + "..." : name;
        return s.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
