package dev.hatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hatch.cli.connection.Durations;
import dev.hatch.cli.output.Table;
import dev.hatch.cli.output.Text;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TextTest {
    @Test
    void controlCharactersFromTheServerCannotDriveTheTerminal() {
        assertThat(Text.clean("evil\u001b[2J\u0007name", false)).isEqualTo("evil?[2J?name");
        assertThat(Text.clean("a\nb\tc\rd", true)).isEqualTo("a\nb\tc?d");
        assertThat(Text.clean("a\nb", false)).isEqualTo("a?b");
        assertThat(Text.clean("right\u202eto-left", false)).isEqualTo("right?to-left");
    }

    @Test
    void sizesAndDurationsReadWell() {
        assertThat(Text.bytes(0)).isEqualTo("0 B");
        assertThat(Text.bytes(1536)).isEqualTo("1.5 KiB");
        assertThat(Text.bytes(3L << 30)).isEqualTo("3.0 GiB");
        assertThat(Text.duration(59_000)).isEqualTo("59s");
        assertThat(Text.duration(3_723_000)).isEqualTo("1h 2m");
        assertThat(Text.duration(90_000_000)).isEqualTo("1d 1h");
    }

    @Test
    void durationsAcceptUnits() {
        Durations d = new Durations();
        assertThat(d.convert("30")).isEqualTo(Duration.ofSeconds(30));
        assertThat(d.convert("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(d.convert("2m")).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void tablesAlignColumns() {
        Table t = new Table(">N", "NAME").row(5, "a").row(123, "bb");
        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
        t.print(new java.io.PrintStream(buf, true, java.nio.charset.StandardCharsets.UTF_8));
        assertThat(buf.toString(java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("  N  NAME\n  5  a\n123  bb\n");
    }
}
