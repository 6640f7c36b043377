package dev.hatch.internal.threads;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The virtual threads of one JVM thread dump ({@code HotSpotDiagnosticMXBean.dumpThreads} in
 * JSON), grouped by the thread container the JVM reports them in (an executor, a structured
 * task scope, or {@code <root>} for threads started directly). At most {@code limit} threads
 * are kept with their stacks; all are counted.
 *
 * @param count virtual threads in the dump
 * @param listed virtual threads kept with their stacks
 * @param byState counts per thread state (empty where the JVM does not report states)
 * @param containers containers with at least one listed thread, in the JVM's order
 */
record VirtualSnapshot(int count, int listed, Map<String, Integer> byState, List<Container> containers) {

    /** A virtual thread as the JVM reported it; frames keep the JVM's text. */
    record VThread(long id, String name, String state, Long carrier, String waitingOn, List<String> stack,
                   Map<Integer, List<String>> lockedAt) {
    }

    /** A thread container and the virtual threads listed from it. */
    record Container(String name, String parent, String owner, int count, List<VThread> threads) {
    }

    /**
     * Reads a dump.
     *
     * @param platformIds ids of the platform threads, to recognise virtual threads in the JDK
     *     21–23 format, which does not mark them
     * @param limit the most threads to keep with stacks
     */
    static VirtualSnapshot read(Reader reader, Set<Long> platformIds, int limit) throws IOException {
        JsonPull in = new JsonPull(reader);
        Reading r = new Reading(platformIds, limit);
        in.beginObject();
        while (in.hasNext()) {
            if (!in.nextName().equals("threadDump")) {
                in.skipValue();
                continue;
            }
            in.beginObject();
            while (in.hasNext()) {
                if (in.nextName().equals("threadContainers")) {
                    in.beginArray();
                    while (in.hasNext()) {
                        r.container(in);
                    }
                    in.endArray();
                } else {
                    in.skipValue();
                }
            }
            in.endObject();
        }
        in.endObject();
        return new VirtualSnapshot(r.count, r.listed, r.byState, r.containers);
    }

    /** The state of one pass over the file. */
    private static final class Reading {
        final Set<Long> platformIds;
        final int limit;
        int count;
        int listed;
        final Map<String, Integer> byState = new TreeMap<>();
        final List<Container> containers = new ArrayList<>();

        Reading(Set<Long> platformIds, int limit) {
            this.platformIds = platformIds;
            this.limit = limit;
        }

        void container(JsonPull in) throws IOException {
            String name = null;
            String parent = null;
            String owner = null;
            int inContainer = 0;
            List<VThread> threads = new ArrayList<>();
            in.beginObject();
            while (in.hasNext()) {
                switch (in.nextName()) {
                    case "container" -> name = in.nextText();
                    case "parent" -> parent = in.nextText();
                    case "owner" -> owner = in.nextText();
                    case "threads" -> {
                        in.beginArray();
                        while (in.hasNext()) {
                            if (thread(in, threads)) {
                                inContainer++;
                            }
                        }
                        in.endArray();
                    }
                    default -> in.skipValue();
                }
            }
            in.endObject();
            if (!threads.isEmpty()) {
                containers.add(new Container(name, parent, owner, inContainer, threads));
            }
        }

        /**
         * Reads one thread member by member, counts it and keeps it when virtual and under the
         * limit; true when virtual. The stack of a thread that will not be kept is skipped
         * without being built: the JVM writes {@code tid}, {@code virtual} and {@code state}
         * before it.
         */
        private boolean thread(JsonPull in, List<VThread> threads) throws IOException {
            Map<String, Object> t = new LinkedHashMap<>();
            in.beginObject();
            while (in.hasNext()) {
                String name = in.nextName();
                boolean bulky = name.equals("stack") || name.equals("monitorsOwned");
                boolean platform = t.containsKey("virtual") ? !Boolean.TRUE.equals(t.get("virtual"))
                        : t.containsKey("state") || platformIds.contains(number(t.get("tid")));
                if (name.equals("time") || bulky && (listed >= limit || platform)) {
                    in.skipValue();
                } else {
                    t.put(name, in.nextValue());
                }
            }
            in.endObject();
            long id = number(t.get("tid"));
            boolean virtual = t.containsKey("virtual") ? Boolean.TRUE.equals(t.get("virtual"))
                    : !t.containsKey("state") && !platformIds.contains(id);
            if (!virtual) {
                return false;
            }
            count++;
            String state = t.get("state") == null ? null : t.get("state").toString();
            if (state != null) {
                byState.merge(state, 1, Integer::sum);
            }
            if (listed >= limit) {
                return true;
            }
            listed++;
            threads.add(new VThread(id, text(t.get("name")), state, t.get("carrier") == null ? null : number(t.get("carrier")),
                    waitingOn(t), strings(t.get("stack")), locked(t.get("monitorsOwned"))));
            return true;
        }

        private static String waitingOn(Map<?, ?> t) {
            for (String key : List.of("blockedOn", "waitingOn")) {
                if (t.get(key) != null) {
                    return t.get(key).toString();
                }
            }
            return t.get("parkBlocker") instanceof Map<?, ?> b && b.get("object") != null ? b.get("object").toString() : null;
        }

        private static Map<Integer, List<String>> locked(Object value) {
            Map<Integer, List<String>> locked = new LinkedHashMap<>();
            if (value instanceof List<?> list) {
                for (Object o : list) {
                    if (o instanceof Map<?, ?> m) {
                        locked.put((int) number(m.get("depth")), strings(m.get("locks")));
                    }
                }
            }
            return locked;
        }

        private static List<String> strings(Object value) {
            List<String> out = new ArrayList<>();
            if (value instanceof List<?> list) {
                for (Object o : list) {
                    if (o != null) {
                        out.add(o.toString());
                    }
                }
            }
            return out;
        }

        private static String text(Object o) {
            return o == null ? "" : o.toString();
        }

        /** The JVM writes numbers as strings on JDK 21 and as numbers later. */
        private static long number(Object o) {
            try {
                return o == null ? -1 : Long.parseLong(o.toString());
            } catch (NumberFormatException e) {
                return -1;
            }
        }
    }
}
