package dev.hatch;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON in tests, read by an independent parser (Jackson), never by Hatch's own {@code Json}: a
 * document Hatch writes wrongly fails here even where Hatch's parser would accept it. Strict:
 * duplicate keys and trailing content are errors. Numbers come back as {@link BigDecimal}, the
 * rest as maps, lists, strings, booleans and {@code null}.
 */
public final class JsonTree {
    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(JsonParser.Feature.ALLOW_COMMENTS)
            .build();

    private JsonTree() {
    }

    /** Parses a JSON object. */
    public static Map<String, Object> parse(String text) {
        Object value = value(text);
        if (!(value instanceof Map)) {
            throw new AssertionError("not a JSON object: " + abbreviate(text));
        }
        return map(value);
    }

    /** Parses any JSON value. */
    public static Object value(String text) {
        try {
            return convert(STRICT.readTree(text));
        } catch (IOException e) {
            throw new AssertionError("not valid JSON (" + e.getMessage().lines().findFirst().orElse("") + "): " + abbreviate(text), e);
        }
    }

    private static Object convert(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            node.properties().forEach(e -> map.put(e.getKey(), convert(e.getValue())));
            return map;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.forEach(n -> list.add(convert(n)));
            return list;
        }
        if (node.isNumber()) {
            return new BigDecimal(node.asText());
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        return node.textValue();
    }

    private static String abbreviate(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> maps(Object o) {
        return (List<Map<String, Object>>) o;
    }

    @SuppressWarnings("unchecked")
    public static List<Object> list(Object o) {
        return (List<Object>) o;
    }
}
