package dev.hatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hatch.OptionalTool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The progress bar, drawn in a real pseudo-terminal (tmux): a finished download ends on 100 %. */
class ProgressIT {
    @TempDir
    Path dir;

    @BeforeAll
    static void needsTmux() {
        OptionalTool.need(Tmux.available(), "tmux (for the progress bar's terminal test)", "apt-get install -y tmux");
    }

    @Test
    void aCompleteDownloadEndsOnOneHundredPercentRawOrCompressed() throws Exception {
        try (Endpoint endpoint = Endpoint.start()) {
            Path token = Cli.tokenFile(dir, Endpoint.DUMP);
            for (List<String> args : List.of(List.of("heapdump", "-o", dir.resolve("raw.hprof").toString()),
                    List.of("heapdump", "--gzip", "-o", dir.resolve("small.hprof.gz").toString()))) {
                String command = "'" + Cli.java() + "' -jar '" + Cli.jar() + "' --url " + endpoint.url() + " --token-file '" + token
                        + "' " + String.join(" ", args);
                try (Tmux tmux = new Tmux(command)) {
                    String screen = tmux.await(s -> s.contains("EXITED"), "the download to end");
                    assertThat(screen).as(screen).contains("EXITED 0").contains("wrote ");
                    String bar = screen.lines().filter(l -> l.contains("heap dump [")).reduce((a, b) -> b).orElse("");
                    assertThat(bar).as("the last progress line in:\n" + screen).contains("[########################] 100% ");
                }
            }
            assertThat(Files.size(dir.resolve("raw.hprof"))).isPositive();
            assertThat(Files.size(dir.resolve("small.hprof.gz"))).isPositive();
        }
    }
}
