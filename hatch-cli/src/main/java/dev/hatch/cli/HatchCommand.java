package dev.hatch.cli;

import dev.hatch.cli.connection.ConnectionOptions;
import dev.hatch.cli.connection.HatchClient;
import dev.hatch.cli.connection.Target;
import dev.hatch.cli.connection.Version;
import dev.hatch.cli.diagnostics.BusiestCommand;
import dev.hatch.cli.diagnostics.DeadlocksCommand;
import dev.hatch.cli.diagnostics.LeaksCommand;
import dev.hatch.cli.diagnostics.ThreadsCommand;
import dev.hatch.cli.dumps.HeapdumpCommand;
import dev.hatch.cli.dumps.ProfileCommand;
import dev.hatch.cli.fleet.FleetCommand;
import dev.hatch.cli.local.AttachCommand;
import dev.hatch.cli.local.AuditCommand;
import dev.hatch.cli.output.CliException;
import dev.hatch.cli.output.OutputOptions;
import dev.hatch.cli.repl.ReplCommand;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Mixin;

/**
 * {@code hatch}: the root command. Its options come from two mixins, {@link ConnectionOptions}
 * (endpoint, token, time limit, TLS) and {@link OutputOptions} ({@code --json}); both are
 * inherited by every command, which reaches them, and the streams, through this object.
 */
@Command(name = "hatch", mixinStandardHelpOptions = true, versionProvider = HatchCommand.VersionProvider.class,
        description = "Command-line client for Hatch maintenance endpoints.",
        footer = {"", "Environment: HATCH_URL (default " + Target.DEFAULT + "), HATCH_TOKEN (the token itself).",
                "Exit status: 0 ok, 1 failed, 2 usage, 3 unauthorized (401), 4 forbidden (403), 5 not in this Hatch version (404),",
                "6 try later (429/503), 7 unreachable, 8 TLS failure, 9 time-out. See docs/cli.md."})
public final class HatchCommand implements Callable<Integer> {
    /** The commands, in the order {@code --help} lists them; {@link Main#commandLine} registers them. */
    static final List<Class<?>> COMMANDS = List.of(StatusCommand.class, ThreadsCommand.class,
            DeadlocksCommand.class, BusiestCommand.class, HeapdumpCommand.class, LeaksCommand.class, ProfileCommand.class,
            ReplCommand.class, AttachCommand.class, FleetCommand.class, AuditCommand.class);

    @Mixin
    final ConnectionOptions connection;

    @Mixin
    final OutputOptions output = new OutputOptions();

    private final PrintStream out;
    private final PrintStream err;

    HatchCommand(Map<String, String> env, PrintStream out, PrintStream err) {
        this.connection = new ConnectionOptions(env, err);
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() {
        throw CliException.usage("no command given; hatch --help lists the commands");
    }

    /** Where results go. */
    public PrintStream out() {
        return out;
    }

    /** Where warnings, progress and notes go. */
    public PrintStream err() {
        return err;
    }

    /** The endpoint, token, time-limit and TLS options. */
    public ConnectionOptions connection() {
        return connection;
    }

    /** The {@code --json} option and the JSON output. */
    public OutputOptions output() {
        return output;
    }

    /** The endpoint from {@code --url}, {@code HATCH_URL} or the default. */
    public Target target() {
        return connection.target();
    }

    /** The token from {@code --token-file} or {@code HATCH_TOKEN} (see {@link ConnectionOptions#token}). */
    public String token() {
        return connection.token();
    }

    /** A client for the endpoint, with the global options applied. */
    public HatchClient client() {
        return connection.client();
    }

    /** Supplies {@code --version}. */
    static final class VersionProvider implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"hatch " + Version.get() + " (Java " + Runtime.version() + ")"};
        }
    }
}
