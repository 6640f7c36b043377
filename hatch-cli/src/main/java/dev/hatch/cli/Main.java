package dev.hatch.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import picocli.CommandLine;

/**
 * {@code java -jar hatch.jar [--url URL] [--token-file FILE] COMMAND [OPTIONS]}. Every failure
 * ends in one line on standard error starting with {@code hatch:} and a distinct exit status
 * (see {@link CliException}).
 */
public final class Main {
    private Main() {
    }

    /** Runs the command line and exits with its status. */
    public static void main(String[] args) {
        int status = run(args, System.getenv(), System.out, System.err);
        System.out.flush();
        System.exit(status);
    }

    /** Runs the command line against the given environment and streams; returns the exit status. */
    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        HatchCommand root = new HatchCommand(env, out, err);
        CommandLine cl = new CommandLine(root);
        cl.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        cl.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler((e, a) -> {
            String command = e.getCommandLine().getCommandName();
            err.println("hatch: " + Text.line(e.getMessage(), 300) + " (" + (command.equals("hatch") ? "hatch" : "hatch " + command)
                    + " --help shows the usage)");
            return CliException.USAGE;
        });
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof CliException c) {
                err.println("hatch: " + c.getMessage());
                return c.exitCode();
            }
            err.println("hatch: internal error: " + e);
            return CliException.FAILED;
        });
        return cl.execute(args);
    }
}
