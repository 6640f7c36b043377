package dev.hatch.internal.jfr;

import dev.hatch.internal.security.Masking;
import java.util.Objects;
import java.util.Set;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;

/**
 * The JDK's JFR events that copy the process's environment, properties or command lines into a
 * recording, which {@code GET /ops/env} would show masked:
 *
 * <ul>
 *   <li>{@code jdk.InitialEnvironmentVariable}, {@code jdk.InitialSystemProperty},
 *       {@code jdk.InitialSecurityProperty}, {@code jdk.SecurityPropertyModification}: one event
 *       per {@code key}/{@code value};
 *   <li>{@code jdk.JVMInformation}: {@code jvmArguments} ({@code -Dpayments.api.token=…}),
 *       {@code jvmFlags}, {@code javaArguments};
 *   <li>{@code jdk.StringFlag}, {@code jdk.StringFlagChanged}: string {@code -XX:} flags;
 *   <li>{@code jdk.SystemProcess}: the command line of every process on the host;
 *       {@code jdk.ProcessStart}: processes the application starts;
 *   <li>{@code jdk.JavaAgent}, {@code jdk.NativeAgent} (JDK 22+): agent options.
 * </ul>
 *
 * <p>Hatch's own recordings never enable them ({@link #disableIn}). A recording Hatch serves may
 * still hold them when another recording in the JVM enables them (JFR recordings share their
 * chunks), so on the way out an event is dropped when the masking of {@code /ops/env} would
 * change any of those fields ({@link #revealsSecret}).
 */
final class SecretEvents {
    /** Event types with a key and a value, masked like a system property. */
    private static final Set<String> KEY_VALUE = Set.of("jdk.InitialEnvironmentVariable", "jdk.InitialSystemProperty",
            "jdk.InitialSecurityProperty", "jdk.SecurityPropertyModification");
    /** Every event type that may carry a secret. */
    static final Set<String> TYPES = Set.of("jdk.InitialEnvironmentVariable", "jdk.InitialSystemProperty",
            "jdk.InitialSecurityProperty", "jdk.SecurityPropertyModification", "jdk.JVMInformation", "jdk.StringFlag",
            "jdk.StringFlagChanged", "jdk.SystemProcess", "jdk.ProcessStart", "jdk.JavaAgent", "jdk.NativeAgent");

    private SecretEvents() {
    }

    /** Turns the secret-carrying events off in a recording Hatch creates, whatever its settings say. */
    static void disableIn(Recording r) {
        for (String type : TYPES) {
            r.disable(type);
        }
    }

    /**
     * Whether the masking of {@code /ops/env} would hide part of this event: a secret key, a
     * {@code -Dname=value} or {@code --token=…} with a secret name, credentials in a URL.
     */
    static boolean revealsSecret(RecordedEvent e, Masking masking) {
        String type = e.getEventType().getName();
        if (!TYPES.contains(type)) {
            return false;
        }
        if (KEY_VALUE.contains(type)) {
            String key = string(e, "key");
            return key != null && changes(masking.value(key, string(e, "value")), string(e, "value"));
        }
        return switch (type) {
            case "jdk.JVMInformation" -> textChanges(e, masking, "jvmArguments", "jvmFlags", "javaArguments");
            case "jdk.StringFlag" -> nameValueChanges(e, masking, "value");
            case "jdk.StringFlagChanged" -> nameValueChanges(e, masking, "oldValue", "newValue");
            case "jdk.SystemProcess" -> textChanges(e, masking, "commandLine");
            case "jdk.ProcessStart" -> textChanges(e, masking, "command");
            case "jdk.JavaAgent", "jdk.NativeAgent" -> textChanges(e, masking, "options");
            default -> true; // a type of the list without a rule: never shown
        };
    }

    private static boolean textChanges(RecordedEvent e, Masking masking, String... fields) {
        for (String f : fields) {
            String v = string(e, f);
            if (changes(masking.text(v), v)) {
                return true;
            }
        }
        return false;
    }

    private static boolean nameValueChanges(RecordedEvent e, Masking masking, String... fields) {
        String name = string(e, "name");
        for (String f : fields) {
            String v = string(e, f);
            if (changes(name == null ? masking.text(v) : masking.value(name, v), v)) {
                return true;
            }
        }
        return false;
    }

    private static boolean changes(String masked, String original) {
        return !Objects.equals(masked, original);
    }

    private static String string(RecordedEvent e, String field) {
        return e.hasField(field) ? e.getString(field) : null;
    }
}
