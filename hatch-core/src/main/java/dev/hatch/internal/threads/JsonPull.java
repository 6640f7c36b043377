package dev.hatch.internal.threads;

import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small pull reader for the JVM's own JSON thread dump, which can be tens of megabytes: the
 * caller walks the outer structure and reads one thread object at a time, so memory stays
 * bounded by the largest thread, not by the file. Lenient about commas (it reads the JVM's
 * output, not user input); strict about everything else. Strings longer than
 * {@link #MAX_STRING} characters are cut.
 */
final class JsonPull {
    static final int MAX_STRING = 16 * 1024;
    private static final int MAX_DEPTH = 16;

    private final Reader in;
    private final char[] buffer = new char[64 * 1024];
    private int next;
    private int end;
    private long position;

    JsonPull(Reader in) {
        this.in = in;
    }

    void beginObject() throws IOException {
        expect('{');
    }

    void endObject() throws IOException {
        expect('}');
    }

    void beginArray() throws IOException {
        expect('[');
    }

    void endArray() throws IOException {
        expect(']');
    }

    /** Whether the current object or array has another member. */
    boolean hasNext() throws IOException {
        int c = peekSkippingCommas();
        return c != '}' && c != ']' && c != -1;
    }

    /** The next member name of the current object. */
    String nextName() throws IOException {
        peekSkippingCommas();
        String name = string();
        expect(':');
        return name;
    }

    /** Reads the next value: a map, list, string, number ({@code Long} or {@code BigDecimal}), boolean or null. */
    Object nextValue() throws IOException {
        return value(0);
    }

    /** Reads the next value as text: strings as they are, numbers and literals as written. */
    String nextText() throws IOException {
        Object v = value(MAX_DEPTH);
        return v == null ? null : v.toString();
    }

    /** Skips the next value without building it. */
    void skipValue() throws IOException {
        int depth = 0;
        do {
            int c = peekSkippingCommas();
            switch (c) {
                case '{', '[' -> {
                    read();
                    depth++;
                }
                case '}', ']' -> {
                    read();
                    depth--;
                }
                case '"' -> {
                    skipString();
                    if (depth > 0 && peekSkippingWhitespace() == ':') {
                        read();
                        continue;
                    }
                }
                case -1 -> throw error("unexpected end");
                default -> value(MAX_DEPTH);
            }
        } while (depth > 0);
    }

    private void skipString() throws IOException {
        expect('"');
        while (true) {
            int c = read();
            if (c == -1) {
                throw error("unterminated string");
            }
            if (c == '"') {
                return;
            }
            if (c == '\\') {
                escape();
            }
        }
    }

    private Object value(int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw error("nested too deep");
        }
        int c = peekSkippingWhitespace();
        switch (c) {
            case '{' -> {
                read();
                Map<String, Object> map = new LinkedHashMap<>();
                while (hasNext()) {
                    String name = nextName();
                    map.put(name, value(depth + 1));
                }
                endObject();
                return map;
            }
            case '[' -> {
                read();
                List<Object> list = new ArrayList<>();
                while (hasNext()) {
                    list.add(value(depth + 1));
                }
                endArray();
                return list;
            }
            case '"' -> {
                return string();
            }
            case 't' -> {
                literal("true");
                return Boolean.TRUE;
            }
            case 'f' -> {
                literal("false");
                return Boolean.FALSE;
            }
            case 'n' -> {
                literal("null");
                return null;
            }
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return number();
                }
                throw error(c == -1 ? "unexpected end" : "unexpected character '" + (char) c + "'");
            }
        }
    }

    private Object number() throws IOException {
        StringBuilder sb = new StringBuilder();
        while ("-+.eE0123456789".indexOf(peek()) >= 0 && sb.length() < 64) {
            sb.append((char) read());
        }
        try {
            return Long.valueOf(sb.toString());
        } catch (NumberFormatException notLong) {
            try {
                return new BigDecimal(sb.toString());
            } catch (NumberFormatException e) {
                throw error("malformed number");
            }
        }
    }

    private String string() throws IOException {
        expect('"');
        StringBuilder sb = new StringBuilder();
        while (true) {
            int c = read();
            if (c == -1) {
                throw error("unterminated string");
            }
            if (c == '"') {
                return sb.toString();
            }
            if (c == '\\') {
                c = escape();
            }
            if (sb.length() < MAX_STRING) {
                sb.append((char) c);
            }
        }
    }

    private int escape() throws IOException {
        int e = read();
        switch (e) {
            case '"', '\\', '/' -> {
                return e;
            }
            case 'b' -> {
                return '\b';
            }
            case 'f' -> {
                return '\f';
            }
            case 'n' -> {
                return '\n';
            }
            case 'r' -> {
                return '\r';
            }
            case 't' -> {
                return '\t';
            }
            case 'u' -> {
                int v = 0;
                for (int i = 0; i < 4; i++) {
                    int d = Character.digit(read(), 16);
                    if (d < 0) {
                        throw error("bad unicode escape");
                    }
                    v = v * 16 + d;
                }
                return v;
            }
            default -> throw error("bad escape");
        }
    }

    private void literal(String word) throws IOException {
        for (int i = 0; i < word.length(); i++) {
            if (read() != word.charAt(i)) {
                throw error("expected " + word);
            }
        }
    }

    private void expect(char c) throws IOException {
        if (peekSkippingWhitespace() != c) {
            throw error("expected '" + c + "'");
        }
        read();
    }

    private int peekSkippingWhitespace() throws IOException {
        while (Character.isWhitespace(peek())) {
            read();
        }
        return peek();
    }

    private int peekSkippingCommas() throws IOException {
        while (Character.isWhitespace(peek()) || peek() == ',') {
            read();
        }
        return peek();
    }

    private int peek() throws IOException {
        if (next == end) {
            int n = in.read(buffer, 0, buffer.length);
            if (n <= 0) {
                return -1;
            }
            next = 0;
            end = n;
        }
        return buffer[next];
    }

    private int read() throws IOException {
        int c = peek();
        if (c != -1) {
            next++;
            position++;
        }
        return c;
    }

    private IOException error(String what) {
        return new IOException("malformed thread dump at character " + position + ": " + what);
    }
}
