package dev.hatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hatch.cli.repl.Snippets;
import org.junit.jupiter.api.Test;

class SnippetsTest {
    @Test
    void balancedSnippetsAreComplete() {
        assertThat(Snippets.missing("1 + 1")).isEmpty();
        assertThat(Snippets.missing("void f() { g(a[1]); }")).isEmpty();
        assertThat(Snippets.missing("")).isEmpty();
    }

    @Test
    void openBracketsAskForMoreInOrder() {
        assertThat(Snippets.missing("if (x) {")).isEqualTo("}");
        assertThat(Snippets.missing("list.forEach(x -> {")).isEqualTo("})");
        assertThat(Snippets.missing("int[] a = {1, 2")).isEqualTo("}");
        assertThat(Snippets.missing("m(a[")).isEqualTo("])");
    }

    @Test
    void bracketsInStringsCharsAndCommentsDoNotCount() {
        assertThat(Snippets.missing("String s = \"{(\";")).isEmpty();
        assertThat(Snippets.missing("char c = '{';")).isEmpty();
        assertThat(Snippets.missing("char c = '\\'';")).isEmpty();
        assertThat(Snippets.missing("String s = \"a\\\"{\";")).isEmpty();
        assertThat(Snippets.missing("x(); // {")).isEmpty();
        assertThat(Snippets.missing("x(); /* { */")).isEmpty();
    }

    @Test
    void openCommentsAndTextBlocksAskForMore() {
        assertThat(Snippets.missing("/* a comment")).isEqualTo("*/");
        assertThat(Snippets.missing("String s = \"\"\"\n  {")).isEqualTo("\"\"\"");
        assertThat(Snippets.missing("String s = \"\"\"\n  {\n  \"\"\";")).isEmpty();
    }

    @Test
    void aStrayCloserIsSentForTheServerToReport() {
        assertThat(Snippets.missing("x) {")).isEmpty();
        assertThat(Snippets.missing("{ )")).isEmpty();
    }

    @Test
    void anUnterminatedStringEndsAtTheLineEnd() {
        assertThat(Snippets.missing("String s = \"abc\nif (x) {")).isEqualTo("}");
    }
}
