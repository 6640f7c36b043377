package dev.hatch.internal.container;

import dev.hatch.internal.http.Problem;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * The JVM's {@code System.trim_native_heap} diagnostic command (glibc's {@code malloc_trim}),
 * called through the DiagnosticCommand MBean: the in-process form of {@code jcmd <pid>
 * System.trim_native_heap}, no child process, no attach. The command came with JDK 18
 * (JDK-8269345) and is in later JDK 17 updates (17.0.15 has it); a JVM without it, or without
 * the MBean, is told apart from one that has it, so the route can answer 409 naming what is
 * missing.
 */
final class NativeTrim {
    static final String COMMAND = "System.trim_native_heap";
    private static final String DIAGNOSTIC_COMMAND = "com.sun.management:type=DiagnosticCommand";
    /** The JVM answers with one line; anything longer is cut, so the answer stays small. */
    private static final int MAX_OUTPUT_CHARS = 512;

    private final String operation;

    /** The JVM's command, by the MBean operation name the JDK gives it. */
    NativeTrim() {
        this("systemTrimNativeHeap");
    }

    /** Another operation name: tests use one no JVM has, to see the 409. */
    NativeTrim(String operation) {
        this.operation = operation;
    }

    /** Null when this JVM can trim; otherwise what is missing, in a sentence an operator can act on. */
    String missing() {
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            for (MBeanOperationInfo info : server.getMBeanInfo(new ObjectName(DIAGNOSTIC_COMMAND)).getOperations()) {
                if (info.getName().equals(operation)) {
                    return null;
                }
            }
            return "this JVM (" + jvm() + ") has no " + COMMAND + " diagnostic command; it exists from JDK 18 on, and in"
                    + " recent JDK 17 updates: run the service on a newer JDK to trim the native heap, or restart it to"
                    + " give the memory back";
        } catch (InstanceNotFoundException e) {
            return "this JVM (" + jvm() + ") has no DiagnosticCommand MBean (" + DIAGNOSTIC_COMMAND + "), which "
                    + COMMAND + " is called through; a HotSpot JVM (OpenJDK, Temurin...) has it";
        } catch (JMException | RuntimeException e) {
            return "the DiagnosticCommand MBean could not be asked for " + COMMAND + " (" + e.getClass().getSimpleName() + ")";
        }
    }

    /**
     * Runs the command and returns what the JVM printed (e.g. {@code Trim native heap: RSS+Swap:
     * 103M->103M (-504K)}), cut to a few hundred characters.
     *
     * @throws Problem 409 when the JVM has the command but cannot trim (not glibc: it says "Not
     *     available"), 500 when the MBean call fails
     */
    String run() {
        Object result;
        try {
            result = ManagementFactory.getPlatformMBeanServer().invoke(new ObjectName(DIAGNOSTIC_COMMAND), operation,
                    new Object[] {new String[0]}, new String[] {String[].class.getName()});
        } catch (JMException | RuntimeException e) {
            throw new Problem(500, "Internal error", COMMAND + " failed inside the JVM (" + e.getClass().getSimpleName()
                    + "); the resident memory is unchanged; try again later or restart the service to give memory back");
        }
        String said = result instanceof String text ? text.strip() : "";
        if (said.length() > MAX_OUTPUT_CHARS) {
            said = said.substring(0, MAX_OUTPUT_CHARS);
        }
        if (said.toLowerCase(Locale.ROOT).startsWith("not available")) {
            throw Problem.conflict("this JVM has " + COMMAND + " but cannot trim here (it says: " + said + "); the"
                    + " command needs glibc's malloc_trim, which musl-based images such as Alpine do not offer");
        }
        return said;
    }

    private static String jvm() {
        return System.getProperty("java.vm.name", "JVM") + " " + Runtime.version();
    }
}
