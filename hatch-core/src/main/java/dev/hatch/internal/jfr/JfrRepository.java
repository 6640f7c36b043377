package dev.hatch.internal.jfr;

import dev.hatch.internal.security.PrivateFiles;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import javax.management.JMException;
import javax.management.ObjectName;
import jdk.jfr.FlightRecorder;

/**
 * Where JFR keeps the chunks of the recordings Hatch starts. JFR writes every disk recording of
 * the JVM into one repository, by default a new directory in {@code java.io.tmpdir} made with
 * the process's umask: 0755 with 0644 chunks under the usual 022, which any local user can read.
 * The repository is a JVM-wide setting; Hatch changes it only when nothing has used JFR in this
 * JVM yet and the command line did not choose one ({@code -XX:FlightRecorderOptions:repository=}),
 * that is when the repository would exist only because Hatch records. Then, before its first
 * recording, Hatch creates a new 0700 directory {@code jfr-repository-PID-N} in its private state
 * directory {@code java.io.tmpdir/hatch-USER} (refusing anything already at that path, a symbolic
 * link included) and points JFR at
 * it with the {@code JFR.configure repositorypath=…} diagnostic command. JFR still makes its
 * chunk files 0644, but inside a 0700 directory nobody else can reach them. JFR removes the
 * chunks when the JVM exits; recordings the application starts later land there too.
 *
 * <p>When JFR was already in use (another recording, {@code -XX:StartFlightRecording}) or the
 * repository was chosen on the command line, Hatch leaves it where it is and logs a warning once
 * if other users can reach it.
 */
public final class JfrRepository {
    private static final System.Logger LOG = System.getLogger("dev.hatch.jfr");
    private static final String PREFIX = "jfr-repository-";

    private static Path ours;
    private static boolean foreign;
    private static boolean warned;

    private JfrRepository() {
    }

    /**
     * Makes sure the recording Hatch is about to start keeps its chunks in a private directory
     * when Hatch may choose the repository. Call before starting any recording.
     *
     * @throws IOException when the private repository cannot be created: do not record then
     */
    public static void prepare() throws IOException {
        prepare(null);
    }

    /** {@link #prepare()} in the given private directory, or in the state directory when null. */
    static synchronized void prepare(Path privateDir) throws IOException {
        if (ours != null || foreign) {
            return;
        }
        if (FlightRecorder.isInitialized() || chosenOnCommandLine()) {
            foreign = true;
            return;
        }
        Path parent = privateDir != null ? privateDir : PrivateFiles.defaultStateDirectory();
        removeStale(parent);
        Path base = PrivateFiles.newDirectory(parent.resolve(PREFIX + ProcessHandle.current().pid() + "-"
                + Long.toHexString(System.nanoTime())));
        if (base.toString().indexOf('"') >= 0) {
            Files.delete(base);
            throw new IOException("the private directory's path contains a double quote: " + parent);
        }
        try {
            Object answer = ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "jfrConfigure",
                    new Object[] {new String[] {"repositorypath=\"" + base + "\""}}, new String[] {String[].class.getName()});
            LOG.log(System.Logger.Level.INFO, "JFR repository placed in the private directory {0}: {1}", base,
                    String.valueOf(answer).trim());
        } catch (JMException | RuntimeException e) {
            Files.deleteIfExists(base);
            throw new IOException("could not place JFR's repository in the private directory " + base + ": " + e, e);
        }
        ours = base;
    }

    /**
     * After a recording started: warns once when the repository is not Hatch's and other local
     * users can reach it.
     */
    public static void checkAfterStart() {
        synchronized (JfrRepository.class) {
            if (!foreign || warned) {
                return;
            }
            warned = true;
        }
        String repository = System.getProperty("jdk.jfr.repository");
        if (repository != null && reachableByOthers(Path.of(repository))) {
            LOG.log(System.Logger.Level.WARNING, "JFR''s repository {0} was set up before Hatch (another recording or"
                    + " -XX:FlightRecorderOptions) and other local users can read it; Hatch''s recordings keep their chunks"
                    + " there too (without the events that carry environment variables, properties or arguments). To keep"
                    + " them private, start the JVM with -XX:FlightRecorderOptions:repository=<a directory only this user"
                    + " can enter>", repository);
        }
    }

    /** The repository directory Hatch created, or null when it did not choose the repository. */
    static synchronized Path ours() {
        return ours;
    }

    private static boolean chosenOnCommandLine() {
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("-XX:FlightRecorderOptions") && arg.contains("repository=")) {
                return true;
            }
        }
        return false;
    }

    /** Whether every directory from here to the root lets group or others through. */
    static boolean reachableByOthers(Path dir) {
        try {
            for (Path d = dir.toAbsolutePath(); d != null; d = d.getParent()) {
                PosixFileAttributeView view = Files.getFileAttributeView(d, PosixFileAttributeView.class);
                if (view == null) {
                    return false;
                }
                Set<PosixFilePermission> p = view.readAttributes().permissions();
                if (!p.contains(PosixFilePermission.OTHERS_EXECUTE) && !p.contains(PosixFilePermission.GROUP_EXECUTE)) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Empty repositories left by JVMs of this user that have exited (JFR removes the chunks, not the directory). */
    private static void removeStale(Path privateDir) {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(privateDir, PREFIX + "*")) {
            for (Path d : ds) {
                String rest = d.getFileName().toString().substring(PREFIX.length());
                int dash = rest.indexOf('-');
                long pid;
                try {
                    pid = Long.parseLong(dash < 0 ? rest : rest.substring(0, dash));
                } catch (NumberFormatException e) {
                    continue;
                }
                if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)
                        || !Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                try {
                    Files.delete(d); // fails when not empty: chunks a crashed JVM left are kept
                } catch (IOException ignored) {
                    // not empty, or already gone
                }
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "could not look for stale JFR repositories", e);
        }
    }
}
