package dev.hatch.agent;

import java.io.PrintStream;
import java.lang.instrument.Instrumentation;

/**
 * The Hatch agent: starts a maintenance endpoint inside a JVM whose code cannot be changed.
 *
 * <pre>{@code
 * java -javaagent:hatch-agent.jar=config=/etc/hatch.properties,port=9070 -jar app.jar
 * java -jar hatch-agent.jar attach 12345 config=/etc/hatch.properties
 * }</pre>
 *
 * <p>{@code premain} and {@code agentmain} return at once; the endpoint starts on the daemon
 * thread {@code hatch-agent-start} and announces itself with one line on standard error,
 * {@code hatch: maintenance endpoint at http://127.0.0.1:PORT/ops}. If it cannot start, the
 * line says why and the application runs on as if the agent were absent.
 */
public final class HatchAgent {

    private HatchAgent() {
    }

    /** Entry point for {@code -javaagent:hatch-agent.jar=OPTIONS}. Returns at once, never throws. */
    public static void premain(String options, Instrumentation instrumentation) {
        AgentStartup.startInBackground(options);
    }

    /** Entry point for {@code -javaagent} on JVMs that look for the one-argument form. */
    public static void premain(String options) {
        AgentStartup.startInBackground(options);
    }

    /** Entry point for the Attach API ({@code attach PID}). Returns at once, never throws. */
    public static void agentmain(String options, Instrumentation instrumentation) {
        AgentStartup.startInBackground(options);
    }

    /** Entry point for the Attach API on JVMs that look for the one-argument form. */
    public static void agentmain(String options) {
        AgentStartup.startInBackground(options);
    }

    /** {@code java -jar hatch-agent.jar attach PID [OPTIONS]}; {@code --help} prints the usage. */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        if (args.length == 0) {
            usage(System.err);
            return AttachCommand.USAGE;
        }
        switch (args[0]) {
            case "-h", "--help", "help" -> {
                usage(System.out);
                return AttachCommand.OK;
            }
            case "--version", "version" -> {
                System.out.println("hatch-agent " + dev.hatch.Hatch.version());
                return AttachCommand.OK;
            }
            case "attach" -> {
                String[] rest = new String[args.length - 1];
                System.arraycopy(args, 1, rest, 0, rest.length);
                if (rest.length > 0 && (rest[0].equals("--help") || rest[0].equals("-h"))) {
                    usage(System.out);
                    return AttachCommand.OK;
                }
                return AttachCommand.run(rest);
            }
            default -> {
                System.err.println("hatch: unknown command '" + args[0] + "'; run java -jar hatch-agent.jar --help");
                return AttachCommand.USAGE;
            }
        }
    }

    private static void usage(PrintStream out) {
        out.println("Usage:");
        out.println("  java -jar hatch-agent.jar attach PID [OPTIONS]   load the agent into a running JVM");
        out.println("  java -javaagent:hatch-agent.jar[=OPTIONS] ...    start the agent with the application");
        out.println();
        out.println("OPTIONS (comma-separated; attach also takes them as separate arguments):");
        out.println("  config=/path/hatch.properties   configuration file (default: $HATCH_CONFIG, else built-in defaults");
        out.println("                                  and a generated token)");
        out.println("  port=N                          port to listen on, overrides hatch.port (0 picks a free port)");
        out.println("  host=ADDR                       address to bind, overrides hatch.host (loopback only)");
        out.println();
        out.println("The endpoint reports its address, or why it could not start, as one line on the");
        out.println("application's standard error that starts with \"hatch: \".");
        out.println();
        out.println("Exit status of attach: 0 loaded, 1 attach or load failed, 2 usage error,");
        out.println("3 no such process, 4 not permitted (the process belongs to another user).");
    }
}
