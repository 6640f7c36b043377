package dev.hatch;

import dev.hatch.http.Json;
import java.util.List;
import java.util.Map;

/** Typed access to parsed JSON in tests. */
final class JsonTree {
    private JsonTree() {
    }

    static Map<String, Object> parse(String text) {
        return Json.parseObject(text);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> maps(Object o) {
        return (List<Map<String, Object>>) o;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object o) {
        return (List<Object>) o;
    }
}
