package dev.hatch.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Whether it is safe to start the attach handshake with a process. HotSpot starts its attach
 * listener when it receives SIGQUIT; a process that does not handle SIGQUIT (not a JVM, or a
 * JVM still starting) would be killed by it, and some JDKs send the signal without looking.
 * Linux only; elsewhere the Attach API's own checks apply.
 */
final class Signals {
    private static final long SIGQUIT = 1L << 2;

    private Signals() {
    }

    /**
     * False when {@code /proc/PID/status} shows that SIGQUIT is ignored or not caught and the
     * attach socket does not exist yet; true otherwise, including when it cannot be told.
     */
    static boolean mayAttach(long pid) {
        Path proc = Path.of("/proc", Long.toString(pid));
        if (Files.exists(proc.resolve("root/tmp/.java_pid" + pid))) {
            return true;
        }
        List<String> status;
        try {
            status = Files.readAllLines(proc.resolve("status"));
        } catch (IOException | SecurityException e) {
            return true;
        }
        Boolean caught = null;
        boolean ignored = false;
        for (String line : status) {
            if (line.startsWith("SigCgt:")) {
                caught = quitBit(line);
            } else if (line.startsWith("SigIgn:")) {
                ignored = Boolean.TRUE.equals(quitBit(line));
            }
        }
        return caught == null || (caught && !ignored);
    }

    private static Boolean quitBit(String line) {
        String mask = line.substring(line.indexOf(':') + 1).trim();
        if (mask.length() > 8) {
            mask = mask.substring(mask.length() - 8);
        }
        try {
            return (Long.parseLong(mask, 16) & SIGQUIT) != 0;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
