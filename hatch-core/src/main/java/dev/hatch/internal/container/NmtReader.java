package dev.hatch.internal.container;

import java.lang.management.ManagementFactory;
import java.util.Optional;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Asks this JVM for its NMT summary through the DiagnosticCommand MBean, the in-process form of
 * {@code jcmd <pid> VM.native_memory summary scale=b}: no child process, no attach.
 */
final class NmtReader {
    private static final String DIAGNOSTIC_COMMAND = "com.sun.management:type=DiagnosticCommand";

    private NmtReader() {
    }

    static NmtSummary read(Notes notes) {
        String mode = VmOptions.value("NativeMemoryTracking", notes);
        if (mode == null || mode.equals("off")) {
            // Without the start-up flag the command only prints "not enabled": do not ask.
            return NmtSummary.disabled(mode);
        }
        // scale=b gives exact bytes; should a JVM refuse the option, the default (KB) still parses.
        Optional<NmtParser.Parsed> parsed = invoke(notes, "summary", "scale=b").flatMap(NmtParser::parse);
        if (parsed.isEmpty()) {
            parsed = invoke(notes, "summary").flatMap(NmtParser::parse);
        }
        if (parsed.isEmpty()) {
            notes.add("NativeMemoryTracking=" + mode + " but its summary could not be parsed");
            return NmtSummary.disabled(mode);
        }
        NmtParser.Parsed summary = parsed.get();
        return new NmtSummary(true, mode, summary.totalReservedBytes(), summary.totalCommittedBytes(), summary.categories());
    }

    /** NMT's summary as the JVM prints it, or empty when NMT is off or the command failed. */
    static Optional<String> text(Notes notes) {
        String mode = VmOptions.value("NativeMemoryTracking", notes);
        if (mode == null || mode.equals("off")) {
            notes.add("NativeMemoryTracking is off: start the JVM with -XX:NativeMemoryTracking=summary for its account");
            return Optional.empty();
        }
        return invoke(notes, "summary");
    }

    private static Optional<String> invoke(Notes notes, String... arguments) {
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            Object result = server.invoke(
                    new ObjectName(DIAGNOSTIC_COMMAND),
                    "vmNativeMemory",
                    new Object[] {arguments},
                    new String[] {String[].class.getName()});
            return result instanceof String text ? Optional.of(text) : Optional.empty();
        } catch (JMException | RuntimeException e) {
            notes.add("vmNativeMemory " + String.join(" ", arguments) + " failed (" + e.getClass().getSimpleName() + ")");
            return Optional.empty();
        }
    }
}
