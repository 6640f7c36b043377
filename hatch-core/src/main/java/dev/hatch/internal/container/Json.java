package dev.hatch.internal.container;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Helpers for the JSON-shaped maps the snapshot hands out: fresh, mutable, ordered copies. */
final class Json {
    private Json() {
    }

    static void putIfPresent(Map<String, Object> json, String key, Object value) {
        if (value != null) {
            json.put(key, value);
        }
    }

    /** A deep copy into LinkedHashMaps and ArrayLists, so callers may not reach our state. */
    static Map<String, Object> copy(Map<String, ?> map) {
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((key, value) -> out.put(key, copyValue(value)));
        return out;
    }

    private static Object copyValue(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((key, inner) -> out.put(String.valueOf(key), copyValue(inner)));
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            list.forEach(inner -> out.add(copyValue(inner)));
            return out;
        }
        return value;
    }
}
