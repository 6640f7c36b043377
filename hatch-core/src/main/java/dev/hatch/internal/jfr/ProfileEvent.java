package dev.hatch.internal.jfr;

import dev.hatch.internal.http.Problem;
import java.time.Duration;
import java.util.Set;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedClass;
import jdk.jfr.consumer.RecordedEvent;

/**
 * What a profile measures, the JFR events behind it and the weight of one event in the flame
 * graph: CPU samples (count), sampled allocations (bytes) or time blocked on locks (nanoseconds).
 */
enum ProfileEvent {
    /** {@code jdk.ExecutionSample} every 10 ms: where threads running Java code spend CPU. */
    CPU("samples", "jdk.ExecutionSample") {
        @Override
        void enable(Recording r) {
            r.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10)).withStackTrace();
        }

        @Override
        long weight(RecordedEvent e) {
            return e.getEventType().getName().equals("jdk.ExecutionSample") ? 1 : 0;
        }
    },
    /** {@code jdk.ObjectAllocationSample}, throttled to 300 per second, weighted by the bytes each sample stands for. */
    ALLOC("bytes", "jdk.ObjectAllocationSample") {
        @Override
        void enable(Recording r) {
            r.enable("jdk.ObjectAllocationSample").with("throttle", "300/s").withStackTrace();
        }

        @Override
        long weight(RecordedEvent e) {
            return e.getEventType().getName().equals("jdk.ObjectAllocationSample") ? e.getLong("weight") : 0;
        }

        @Override
        String leaf(RecordedEvent e) {
            RecordedClass c = e.getClass("objectClass");
            return c == null ? null : "[alloc:" + javaName(c.getName()) + "]";
        }
    },
    /**
     * {@code jdk.JavaMonitorEnter} (contended {@code synchronized}) and {@code jdk.ThreadPark}
     * (contended {@code java.util.concurrent} locks and other synchronizers), each over 1 ms,
     * weighted by the time blocked. Parks on a {@code Condition} and parks without a blocker
     * are left out: those are threads waiting for work (idle pools, queues), not for a lock.
     */
    LOCK("nanoseconds", "jdk.JavaMonitorEnter", "jdk.ThreadPark") {
        @Override
        void enable(Recording r) {
            r.enable("jdk.JavaMonitorEnter").withThreshold(Duration.ofMillis(1)).withStackTrace();
            r.enable("jdk.ThreadPark").withThreshold(Duration.ofMillis(1)).withStackTrace();
        }

        @Override
        long weight(RecordedEvent e) {
            String type = e.getEventType().getName();
            if (type.equals("jdk.ThreadPark")) {
                RecordedClass parked = e.getClass("parkedClass");
                if (parked == null || parked.getName().endsWith("$ConditionObject")) {
                    return 0;
                }
            } else if (!type.equals("jdk.JavaMonitorEnter")) {
                return 0;
            }
            return e.getDuration().toNanos();
        }

        @Override
        String leaf(RecordedEvent e) {
            RecordedClass c = e.getClass(e.getEventType().getName().equals("jdk.ThreadPark") ? "parkedClass" : "monitorClass");
            return c == null ? null : "[lock:" + javaName(c.getName()) + "]";
        }
    };

    private final String unit;
    private final Set<String> types;

    ProfileEvent(String unit, String... types) {
        this.unit = unit;
        this.types = Set.of(types);
    }

    /** The JFR event types this profile enables, and the only ones its {@code .jfr} keeps. */
    Set<String> types() {
        return types;
    }

    /** What the weights count: samples, bytes or nanoseconds. */
    String unit() {
        return unit;
    }

    /** Enables this profile's events on a new recording. */
    abstract void enable(Recording r);

    /** The weight of an event in the graph; 0 leaves it out. */
    abstract long weight(RecordedEvent e);

    /**
     * A synthetic top frame naming what the event was about, e.g. {@code [alloc:byte[]]} or
     * {@code [lock:java.lang.Object]}, or {@code null}.
     */
    String leaf(RecordedEvent e) {
        return null;
    }

    /** {@code [B} becomes {@code byte[]}, {@code [Ljava.lang.String;} becomes {@code java.lang.String[]}. */
    static String javaName(String jvmName) {
        int dims = 0;
        while (dims < jvmName.length() && jvmName.charAt(dims) == '[') {
            dims++;
        }
        if (dims == 0) {
            return jvmName;
        }
        String element = switch (jvmName.substring(dims)) {
            case "B" -> "byte";
            case "C" -> "char";
            case "D" -> "double";
            case "F" -> "float";
            case "I" -> "int";
            case "J" -> "long";
            case "S" -> "short";
            case "Z" -> "boolean";
            default -> {
                String e = jvmName.substring(dims);
                yield e.startsWith("L") && e.endsWith(";") ? e.substring(1, e.length() - 1) : e;
            }
        };
        return element + "[]".repeat(dims);
    }

    /** The event named by a query parameter; 400 otherwise. */
    static ProfileEvent parse(String text) {
        if (text == null || text.isEmpty()) {
            return CPU;
        }
        return switch (text) {
            case "cpu" -> CPU;
            case "alloc" -> ALLOC;
            case "lock" -> LOCK;
            default -> throw Problem.badRequest("event must be cpu, alloc or lock");
        };
    }

    /** The name used in requests and file names. */
    String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
