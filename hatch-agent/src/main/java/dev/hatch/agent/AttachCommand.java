package dev.hatch.agent;

import com.sun.tools.attach.AgentInitializationException;
import com.sun.tools.attach.AgentLoadException;
import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Optional;
import java.util.Properties;

/**
 * {@code java -jar hatch-agent.jar attach PID [OPTIONS]}: loads this jar as an agent into a
 * running JVM of the same user through the Attach API. Checks what it can before touching the
 * target, so that mistakes end in one clear line and an exit status instead of a stack trace.
 * The only class that uses {@code jdk.attach}, so the agent itself runs on JREs without it.
 */
final class AttachCommand {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;
    static final int NO_SUCH_PROCESS = 3;
    static final int NOT_PERMITTED = 4;

    private AttachCommand() {
    }

    /** Runs the command; {@code args} are PID and the options. Returns the exit status. */
    static int run(String[] args) {
        if (args.length == 0) {
            return fail(USAGE, "attach needs a process id: java -jar hatch-agent.jar attach PID [OPTIONS]");
        }
        long pid;
        try {
            pid = Long.parseLong(args[0]);
            if (pid <= 0) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            return fail(USAGE, "'" + args[0] + "' is not a process id; usage: java -jar hatch-agent.jar attach PID [OPTIONS]");
        }
        String options;
        try {
            options = resolveOptions(String.join(",", java.util.Arrays.asList(args).subList(1, args.length)));
        } catch (IllegalArgumentException e) {
            return fail(USAGE, e.getMessage());
        }
        if (pid == ProcessHandle.current().pid()) {
            return fail(USAGE, "cannot attach to this command's own process; give the pid of the application");
        }
        Optional<ProcessHandle> target = ProcessHandle.of(pid);
        if (target.isEmpty() || !target.get().isAlive()) {
            return fail(NO_SUCH_PROCESS, "no such process: " + pid);
        }
        Optional<String> owner = target.get().info().user();
        Optional<String> me = ProcessHandle.current().info().user();
        if (owner.isPresent() && me.isPresent() && !owner.get().equals(me.get()) && !me.get().equals("root")) {
            return fail(NOT_PERMITTED, "attach not permitted: process " + pid + " runs as " + owner.get() + ", this command as "
                    + me.get() + "; run it as " + owner.get() + ", e.g. sudo -u " + owner.get() + " java -jar hatch-agent.jar attach " + pid);
        }
        if (!Signals.mayAttach(pid)) {
            return fail(FAILED, "process " + pid + " does not look like a Java VM that accepts attach (it does not handle"
                    + " SIGQUIT); not touching it");
        }
        Path jar;
        try {
            jar = ownJar();
        } catch (IllegalStateException e) {
            return fail(FAILED, e.getMessage());
        }
        return load(pid, jar, options);
    }

    /**
     * Checks the options here rather than in the target, and makes them mean the same there:
     * a relative {@code config=} is resolved against this command's directory, and this
     * command's {@code HATCH_CONFIG} is passed on when no {@code config=} is given.
     */
    static String resolveOptions(String text) {
        AgentOptions options = AgentOptions.parse(text);
        Optional<Path> config = options.configFile(System.getenv());
        if (config.isPresent()) {
            Path absolute = config.get().toAbsolutePath().normalize();
            if (!Files.isRegularFile(absolute)) {
                warn("configuration file " + absolute + " does not exist here; the target process reads it from its own file system");
            }
            options = options.withConfig(absolute);
        }
        return options.format();
    }

    private static int load(long pid, Path jar, String options) {
        VirtualMachine vm;
        try {
            vm = VirtualMachine.attach(Long.toString(pid));
        } catch (AttachNotSupportedException | IOException e) {
            return fail(FAILED, "cannot attach to process " + pid + ": " + e.getMessage()
                    + " (is it a HotSpot JVM of this user, started without -XX:+DisableAttachMechanism?)");
        }
        try {
            Properties system = vm.getSystemProperties();
            Properties agent = vm.getAgentProperties();
            int feature = featureVersion(system.getProperty("java.specification.version", "0"));
            if (feature < 17) {
                return fail(FAILED, "process " + pid + " runs Java " + system.getProperty("java.version")
                        + "; the agent needs Java 17 or newer");
            }
            String flags = agent.getProperty("sun.jvm.args", "") + " " + agent.getProperty("sun.jvm.flags", "");
            if (feature >= 21 && flags.contains("-XX:-EnableDynamicAgentLoading")) {
                return fail(FAILED, "process " + pid + " was started with -XX:-EnableDynamicAgentLoading and refuses agents;"
                        + " restart it with -javaagent:" + jar + " instead");
            }
            if (feature >= 21 && !flags.contains("-XX:+EnableDynamicAgentLoading")) {
                warn("process " + pid + " runs Java " + feature + ", which prints a warning when an agent is loaded into it"
                        + " (JEP 451); start it with -XX:+EnableDynamicAgentLoading, or with -javaagent, to avoid that. Loading anyway.");
            }
            vm.loadAgent(jar.toString(), options);
        } catch (AgentLoadException e) {
            return fail(FAILED, "process " + pid + " could not load the agent: " + e.getMessage());
        } catch (AgentInitializationException e) {
            return fail(FAILED, "the agent failed to initialise in process " + pid + " (code " + e.returnValue() + "): " + e.getMessage());
        } catch (IOException e) {
            return fail(FAILED, "lost the connection to process " + pid + ": " + e.getMessage());
        } finally {
            try {
                vm.detach();
            } catch (IOException ignored) {
                // the target went away; nothing is left to release
            }
        }
        System.out.println("hatch: agent loaded into process " + pid + "; it prints the endpoint's address (or why it"
                + " could not start) as a line starting with \"hatch: \" on that process's standard error");
        return OK;
    }

    static int featureVersion(String specificationVersion) {
        try {
            String v = specificationVersion.startsWith("1.") ? specificationVersion.substring(2) : specificationVersion;
            int dot = v.indexOf('.');
            return Integer.parseInt(dot < 0 ? v : v.substring(0, dot));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static Path ownJar() {
        CodeSource source = AttachCommand.class.getProtectionDomain().getCodeSource();
        try {
            Path path = source == null ? null : Path.of(source.getLocation().toURI());
            if (path == null || !Files.isRegularFile(path) || !path.toString().endsWith(".jar")) {
                throw new IllegalStateException("attach must run from hatch-agent.jar (java -jar hatch-agent.jar attach PID)");
            }
            return path.toAbsolutePath();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate hatch-agent.jar: " + e.getMessage(), e);
        }
    }

    private static void warn(String message) {
        System.err.println("hatch: warning: " + message);
    }

    private static int fail(int status, String message) {
        System.err.println("hatch: " + message);
        return status;
    }
}
