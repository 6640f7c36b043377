package dev.hatch.cli.repl;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Decides whether a Java snippet is complete enough to send: braces, parentheses and brackets
 * balanced, no open text block or block comment. Brackets inside strings, character literals
 * and comments do not count.
 */
public final class Snippets {
    private Snippets() {
    }

    /**
     * What the snippet still lacks, e.g. {@code "})"}, or the empty string when it can be sent.
     * A snippet with a stray closer is "complete": the server reports the error.
     */
    public static String missing(String code) {
        Deque<Character> open = new ArrayDeque<>();
        int i = 0;
        int n = code.length();
        while (i < n) {
            char c = code.charAt(i);
            if (code.startsWith("//", i)) {
                int end = code.indexOf('\n', i);
                i = end < 0 ? n : end + 1;
            } else if (code.startsWith("/*", i)) {
                int end = code.indexOf("*/", i + 2);
                if (end < 0) {
                    return "*/";
                }
                i = end + 2;
            } else if (code.startsWith("\"\"\"", i)) {
                int end = closingTextBlock(code, i + 3);
                if (end < 0) {
                    return "\"\"\"";
                }
                i = end + 3;
            } else if (c == '"' || c == '\'') {
                i = endOfLiteral(code, i + 1, c);
            } else {
                if (c == '{' || c == '(' || c == '[') {
                    open.push(c);
                } else if (c == '}' || c == ')' || c == ']') {
                    if (open.isEmpty() || open.peek() != opener(c)) {
                        return "";
                    }
                    open.pop();
                }
                i++;
            }
        }
        StringBuilder need = new StringBuilder();
        for (char o : open) {
            need.append(closer(o));
        }
        return need.toString();
    }

    /** The index after a string or char literal; a literal ends at its line's end at the latest. */
    private static int endOfLiteral(String code, int i, char quote) {
        while (i < code.length()) {
            char c = code.charAt(i);
            if (c == '\\') {
                i += 2;
            } else if (c == quote) {
                return i + 1;
            } else if (c == '\n') {
                return i;
            } else {
                i++;
            }
        }
        return code.length();
    }

    private static int closingTextBlock(String code, int i) {
        while (i < code.length()) {
            if (code.charAt(i) == '\\') {
                i += 2;
            } else if (code.startsWith("\"\"\"", i)) {
                return i;
            } else {
                i++;
            }
        }
        return -1;
    }

    private static char opener(char closer) {
        return closer == '}' ? '{' : closer == ')' ? '(' : '[';
    }

    private static char closer(char opener) {
        return opener == '{' ? '}' : opener == '(' ? ')' : ']';
    }
}
