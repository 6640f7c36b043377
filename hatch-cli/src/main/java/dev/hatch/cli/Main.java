package dev.hatch.cli;

import dev.hatch.cli.output.CliException;
import dev.hatch.cli.output.Text;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
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
        // The JDK client reads a response in 16 KB buffers by default; a heap dump arrives at a
        // quarter of the speed that way. Set before the client's classes load; this JVM is ours.
        if (System.getProperty("jdk.httpclient.bufsize") == null) {
            System.setProperty("jdk.httpclient.bufsize", Integer.toString(256 * 1024));
        }
        int status = run(args, System.getenv(), System.out, System.err);
        System.out.flush();
        System.exit(status);
    }

    /** Runs the command line against the given environment and streams; returns the exit status. */
    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        HatchCommand root = new HatchCommand(env, out, err);
        CommandLine cl = commandLine(root, args);
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

    /**
     * The root command with the subcommands named in {@code args}, or all of them when none is
     * named (help, a typo): picocli builds a model of every registered command by reflection,
     * which would cost a short command such as {@code status} a tenth of its time.
     */
    static CommandLine commandLine(HatchCommand root, String... args) {
        CommandLine cl = new CommandLine(root);
        List<String> words = List.of(args);
        List<Class<?>> named = new ArrayList<>();
        for (Class<?> command : HatchCommand.COMMANDS) {
            if (words.contains(name(command))) {
                named.add(command);
            }
        }
        for (Class<?> command : named.isEmpty() ? HatchCommand.COMMANDS : named) {
            cl.addSubcommand(name(command), command);
            addHelp(cl.getSubcommands().get(name(command)));
        }
        return cl;
    }

    /** Every refusal says "hatch COMMAND --help shows the usage": so every command takes --help. */
    private static void addHelp(CommandLine command) {
        command.getCommandSpec().addOption(CommandLine.Model.OptionSpec.builder("-h", "--help")
                .usageHelp(true).description("Shows this command's usage and exits.").build());
        command.getSubcommands().values().forEach(Main::addHelp);
    }

    private static String name(Class<?> command) {
        return command.getAnnotation(CommandLine.Command.class).name();
    }
}
