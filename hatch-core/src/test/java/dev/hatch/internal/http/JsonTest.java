package dev.hatch.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void putIfPresentLeavesUnknownFiguresOut() {
        Map<String, Object> m = new LinkedHashMap<>();
        Json.putIfPresent(m, "known", 1L);
        Json.putIfPresent(m, "unknown", null);
        assertThat(Json.write(m)).isEqualTo("{\"known\":1}");
    }

    @Test
    void quotingEscapesExactlyWhatItMustAndKeepsTheRunsBetween() {
        assertThat(Json.write("plain text")).isEqualTo("\"plain text\"");
        assertThat(Json.write("")).isEqualTo("\"\"");
        assertThat(Json.write("\"lead")).isEqualTo("\"\\\"lead\"");
        assertThat(Json.write("trail\\")).isEqualTo("\"trail\\\\\"");
        assertThat(Json.write("a\n\r\tb")).isEqualTo("\"a\\n\\r\\tb\"");
        assertThat(Json.write("<>\u2028\u2029\u0000x")).isEqualTo("\"\\u003c\\u003e\\u2028\\u2029\\u0000x\"");
        assertThat(Json.write("é→😀")).isEqualTo("\"é→😀\"");
    }

    @Test
    void writesAndReadsBack() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("s", "a\"b\\c\n\u0001</script>");
        m.put("n", 42);
        m.put("d", 1.5);
        m.put("nan", Double.NaN);
        m.put("b", true);
        m.put("z", null);
        m.put("l", List.of(1, "x"));
        String json = Json.write(m);
        assertThat(json).doesNotContain("</script>").contains("\"nan\":null");
        Map<String, Object> back = Json.parseObject(json);
        assertThat(back.get("s")).isEqualTo("a\"b\\c\n\u0001</script>");
        assertThat(back.get("n")).isEqualTo(new BigDecimal(42));
        assertThat(back.get("l")).isEqualTo(List.of(new BigDecimal(1), "x"));
        assertThat(back).containsEntry("z", null).containsEntry("b", true);
    }

    @Test
    void malformedInputIsA400NamingThePosition() {
        for (String bad : List.of("", "{", "{\"a\":}", "[1,]", "{\"a\":1}x", "\"\\q\"", "{\"a\":1,\"a\":2}", "nul", "01x")) {
            assertThatThrownBy(() -> Json.parse(bad)).as(bad).isInstanceOf(Problem.class)
                    .satisfies(p -> assertThat(((Problem) p).status()).isEqualTo(400));
        }
    }

    @Test
    void deepNestingIsRefusedNotAStackOverflow() {
        char[] open = new char[100_000];
        Arrays.fill(open, '[');
        assertThatThrownBy(() -> Json.parse(new String(open))).isInstanceOf(Problem.class).hasMessageContaining("deeper");
    }

    @Test
    void nonObjectBodyIsRefusedWhereAnObjectIsExpected() {
        assertThatThrownBy(() -> Json.parseObject("[1]")).isInstanceOf(Problem.class).hasMessageContaining("JSON object");
    }
}
