package dev.hatch.cli.local;

import dev.hatch.cli.output.CliException;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hatch attach PID [OPTIONS]}: loads the Hatch agent into a running JVM of this machine
 * by running {@code java -jar hatch-agent.jar attach PID OPTIONS} with this command's Java.
 * The agent jar owns the attach logic (its checks, messages and exit statuses); the CLI only
 * finds the jar, so there is one implementation and the CLI needs no {@code jdk.attach}.
 */
@Command(name = "attach", description = "Load the Hatch agent into a running JVM on this machine.",
        footer = {"", "OPTIONS are the agent's: config=FILE, port=N, host=ADDR (e.g. hatch attach 4242 config=/etc/hatch.properties port=0).",
                "The exit status is the agent launcher's: 0 attached, 1 failed, 2 usage, 3 no such process, 4 not permitted."})
public final class AttachCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "PID", description = "The process id of the JVM.")
    String pid;

    @Parameters(index = "1..*", paramLabel = "OPTIONS", description = "Agent options, e.g. config=/etc/hatch.properties port=0.")
    List<String> options = new ArrayList<>();

    @Option(names = "--agent-jar", paramLabel = "PATH", description = "The agent jar (default: hatch-agent.jar next to hatch.jar,"
            + " or hatch-agent/target/hatch-agent.jar in a source tree).")
    Path agentJar;

    @Override
    public Integer call() throws IOException, InterruptedException {
        Path jar = locateAgent();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-jar");
        command.add(jar.toString());
        command.add("attach");
        command.add(pid);
        command.addAll(options);
        Process p = new ProcessBuilder(command).inheritIO().start();
        return p.waitFor();
    }

    private Path locateAgent() {
        if (agentJar != null) {
            if (!Files.isRegularFile(agentJar)) {
                throw CliException.usage("--agent-jar " + agentJar + " is not a file");
            }
            return agentJar;
        }
        Set<Path> candidates = new LinkedHashSet<>();
        Path here = ownJarDirectory();
        if (here != null) {
            candidates.add(here.resolve("hatch-agent.jar"));
            candidates.add(here.resolve("../hatch-agent/target/hatch-agent.jar").normalize());
            candidates.add(here.resolve("../../hatch-agent/target/hatch-agent.jar").normalize());
        }
        for (Path c : candidates) {
            if (Files.isRegularFile(c)) {
                return c;
            }
        }
        throw CliException.failed("cannot find hatch-agent.jar (looked at " + String.join(", ", candidates.stream().map(Path::toString).toList())
                + "); pass --agent-jar PATH");
    }

    /** The directory of the jar (or classes directory) this command runs from. */
    private static Path ownJarDirectory() {
        try {
            CodeSource source = AttachCommand.class.getProtectionDomain().getCodeSource();
            if (source == null) {
                return null;
            }
            Path p = Path.of(source.getLocation().toURI());
            return Files.isDirectory(p) ? p : p.getParent();
        } catch (URISyntaxException | SecurityException | IllegalArgumentException e) {
            return null;
        }
    }
}
