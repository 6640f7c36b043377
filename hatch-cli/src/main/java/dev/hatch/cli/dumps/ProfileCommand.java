package dev.hatch.cli.dumps;

import dev.hatch.cli.HatchCommand;
import dev.hatch.cli.connection.Failures;
import dev.hatch.cli.connection.HatchClient;
import dev.hatch.cli.output.CliException;
import dev.hatch.cli.output.OutputOptions;
import dev.hatch.cli.output.Terminals;
import dev.hatch.cli.output.Text;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code hatch profile -o FILE}: a JFR-based profile of the running service; the file's
 * extension picks the format: {@code .html} a flame graph, {@code .txt}/{@code .folded} folded
 * stacks, {@code .jfr} the recording.
 */
@Command(name = "profile", description = "Profile the service for a while: .html flame graph, .txt/.folded stacks or .jfr by FILE's extension.")
public final class ProfileCommand implements Callable<Integer> {
    enum Event { cpu, alloc, lock }

    @ParentCommand
    HatchCommand root;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", required = true, description = "Where to write the profile (.html, .txt, .folded, .jfr).")
    Path output;

    @Option(names = "--seconds", paramLabel = "N", defaultValue = "10", description = "How long to profile (default ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--event", paramLabel = "cpu|alloc|lock", defaultValue = "cpu", description = "What to sample (default ${DEFAULT-VALUE}).")
    Event event;

    @Mixin
    ReplaceOption replace;

    /** The server's format for a file name. */
    static String format(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".html") || name.endsWith(".htm")) {
            return "html";
        }
        if (name.endsWith(".txt") || name.endsWith(".folded") || name.endsWith(".collapsed")) {
            return "collapsed";
        }
        if (name.endsWith(".jfr")) {
            return "jfr";
        }
        throw CliException.usage("cannot tell the format from '" + file.getFileName() + "': name it .html (flame graph),"
                + " .txt or .folded (folded stacks) or .jfr (recording)");
    }

    @Override
    public Integer call() {
        String format = format(output);
        if (seconds < 1 || seconds > 3600) {
            throw CliException.usage("--seconds must be between 1 and 3600");
        }
        replace.check(output);
        HatchClient client = root.client();
        Progress progress = new Progress(root.err(), Terminals.interactive() && !root.output().json(), "profile");
        Download download = new Download(client, progress, client.timeout().plus(Duration.ofSeconds(seconds)), client.timeout());
        Path part = Download.partFile(output);
        Download.freshPart(part);
        try {
            progress.message("profile: sampling " + event + " for " + seconds + " s...");
            Download.Result r;
            try {
                r = download.transfer(client.target().resolve("/profile?seconds=" + seconds + "&event=" + event + "&format=" + format),
                        part, 0, null, "profiler");
            } catch (IOException e) {
                throw Failures.fromException(e, client.target(), client.timeout());
            } finally {
                progress.done();
            }
            long length = r.headers().firstValueAsLong("Content-Length").orElse(-1);
            if (length >= 0 && r.bytes() != length) {
                throw CliException.failed("the profile is incomplete: " + r.bytes() + " of " + length + " bytes arrived");
            }
            replace.commit(part, output);
            if (!root.output().printJson(root.out(), OutputOptions.object("file", output.toAbsolutePath().toString(), "format", format,
                    "bytes", r.bytes()))) {
                root.out().println("wrote " + output + " (" + format + ", " + Text.bytes(r.bytes()) + ")");
            }
            return 0;
        } finally {
            Download.deleteQuietly(part);
        }
    }
}
