package dev.hatch.internal.container;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import java.lang.management.ManagementFactory;

/** Reads HotSpot flags; null (and a note) where the JVM is not HotSpot or lacks the flag. */
final class VmOptions {
    private VmOptions() {
    }

    static String value(String name, Notes notes) {
        VMOption option = option(name, notes);
        return option == null ? null : option.getValue();
    }

    static VMOption option(String name, Notes notes) {
        try {
            HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            if (hotspot == null) {
                notes.add("no HotSpotDiagnosticMXBean: flag " + name + " unknown");
                return null;
            }
            return hotspot.getVMOption(name);
        } catch (RuntimeException e) {
            notes.add("flag " + name + " unreadable (" + e.getClass().getSimpleName() + ")");
            return null;
        }
    }
}
