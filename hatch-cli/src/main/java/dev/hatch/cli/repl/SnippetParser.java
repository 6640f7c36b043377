package dev.hatch.cli.repl;

import java.util.List;
import org.jline.reader.CompletingParsedLine;
import org.jline.reader.EOFError;
import org.jline.reader.Parser;

/**
 * Tells JLine to keep reading lines while a snippet is unbalanced (an open brace, parenthesis,
 * text block or comment): Enter then starts a continuation line instead of sending the snippet.
 */
final class SnippetParser implements Parser {
    @Override
    public CompletingParsedLine parse(String line, int cursor, ParseContext context) {
        if (context == ParseContext.ACCEPT_LINE || context == ParseContext.SECONDARY_PROMPT) {
            String missing = Snippets.missing(line);
            if (!missing.isEmpty()) {
                throw new EOFError(-1, -1, "incomplete snippet", missing);
            }
        }
        return new Whole(line, cursor);
    }

    /** The whole snippet as one word: there is no completion to split it for. */
    private record Whole(String line, int cursor) implements CompletingParsedLine {
        @Override
        public String word() {
            return line;
        }

        @Override
        public int wordCursor() {
            return cursor;
        }

        @Override
        public int wordIndex() {
            return 0;
        }

        @Override
        public List<String> words() {
            return List.of(line);
        }

        @Override
        public CharSequence escape(CharSequence candidate, boolean complete) {
            return candidate;
        }

        @Override
        public int rawWordCursor() {
            return cursor;
        }

        @Override
        public int rawWordLength() {
            return line.length();
        }
    }
}
