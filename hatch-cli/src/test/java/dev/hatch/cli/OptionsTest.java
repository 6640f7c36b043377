package dev.hatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hatch.cli.connection.Target;
import dev.hatch.cli.output.CliException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OptionsTest {
    private final PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

    @Test
    void globalOptionsWorkBeforeAndAfterTheCommand() {
        HatchCommand root = new HatchCommand(Map.of(), sink, sink);
        parse(root, "status", "--json", "--timeout", "5s", "--url", "http://127.0.0.1:1");
        assertThat(root.output().json()).isTrue();
        assertThat(root.connection().timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(root.target()).hasToString("http://127.0.0.1:1/ops");

        HatchCommand first = new HatchCommand(Map.of(), sink, sink);
        parse(first, "--json", "threads", "--text");
        assertThat(first.output().json()).isTrue();
    }

    @Test
    void environmentSuppliesUrlAndToken() {
        HatchCommand root = new HatchCommand(Map.of("HATCH_URL", "http://127.0.0.1:2", "HATCH_TOKEN", " tok-123 \n"), sink, sink);
        parse(root, "status");
        assertThat(root.target()).hasToString("http://127.0.0.1:2/ops");
        assertThat(root.token()).isEqualTo("tok-123");
    }

    @Test
    void withNothingGivenTheDefaultUrlIsLoopback9070() {
        HatchCommand root = new HatchCommand(Map.of(), sink, sink);
        assertThat(root.target()).hasToString(Target.DEFAULT);
    }

    @Test
    void everyFailureIsOneLineWithItsOwnExitCode() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new String[] {"audit", "verify", "/nonexistent/audit.jsonl"}, Map.of(), sink,
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(CliException.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("hatch: /nonexistent/audit.jsonl: no such file\n");

        err.reset();
        code = Main.run(new String[0], Map.of(), sink, new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(CliException.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("hatch: no command given; hatch --help lists the commands\n");
    }

    @Test
    void everyCommandTakesTheHelpOptionItsRefusalsPointTo() {
        for (String[] args : new String[][] {{"threads", "--help"}, {"heapdump", "-h"}, {"audit", "verify", "--help"}}) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = Main.run(args, Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            assertThat(code).as(String.join(" ", args)).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8)).as(String.join(" ", args)).contains("Usage: hatch " + args[0]);
            assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
        }
    }

    /** Parses as {@code hatch ARGS} would, with the commands {@link Main} registers for them. */
    private static void parse(HatchCommand root, String... args) {
        Main.commandLine(root, args).parseArgs(args);
    }
}
