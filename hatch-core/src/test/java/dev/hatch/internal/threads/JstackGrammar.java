package dev.hatch.internal.threads;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the line grammar {@code jstack -l} writes (HotSpot's {@code Thread.print},
 * JDK 17 and 25 layouts), as thread-dump analysers read it. Inside a thread's block every line
 * must be one of the grammar's: the header, the state line, jstack's own indented notes (e.g.
 * {@code No compile task}), frames, lock lines and the ownable-synchronizer section; anything
 * else fails with the line. Between blocks it skips what analysers skip (SMR info, JNI refs).
 */
final class JstackGrammar {
    private static final Pattern HEADER = Pattern.compile("^\"(?<name>.*)\" #(?<id>\\d+)(?: \\[\\d+\\])?(?<daemon> daemon)?"
            + " prio=(?<prio>\\d+) os_prio=-?\\d+(?: cpu=(?<cpu>\\d+\\.\\d+)ms)?(?: elapsed=\\d+\\.\\d+s)?"
            + " tid=0x[0-9a-f]+ nid=(?:0x[0-9a-f]+|\\d+) (?<headline>[a-zA-Z.() ]+?)(?:  \\[0x[0-9a-f]{16}\\])?$");
    /** A thread of the VM itself (GC, compiler): no Java id, no Java stack. */
    private static final Pattern VM_THREAD = Pattern.compile("^\"[^\"]*\" os_prio=-?\\d+ .*tid=0x[0-9a-f]+ nid=.*$");
    private static final Pattern STATE = Pattern.compile("^   java\\.lang\\.Thread\\.State: (?<state>[A-Z_]+)(?: \\((?<detail>[a-z ]+)\\))?$");
    private static final Pattern FRAME = Pattern.compile("^\tat (?<qualified>[^(]+)\\.(?<method>[^.(]+)\\((?<location>[^()]*)\\)$");
    private static final Pattern LOCK = Pattern.compile("^\t- (?<verb>locked|waiting on|waiting to lock|waiting to re-lock in wait\\(\\)"
            + "|parking to wait for |eliminated) <0x(?<address>[0-9a-f]{16})> \\(a (?<class>[^)]+)\\)$");
    private static final Pattern SYNCHRONIZER = Pattern.compile("^\t- <0x(?<address>[0-9a-f]{16})> \\(a (?<class>[^)]+)\\)$");
    private static final Pattern NOTE = Pattern.compile("^   [A-Z][^:]*(?::.*)?$");

    /** A frame: the class, method and what jstack writes in the parentheses (module, file, line). */
    record Frame(String className, String method, String module, String location) {
    }

    /** A lock line, with the index of the frame it follows. */
    record Lock(String verb, int frame, String address, String className) {
    }

    record ThreadBlock(String name, long id, boolean daemon, int priority, String headline, String state, String detail,
                       List<Frame> frames, List<Lock> locks, List<Lock> synchronizers) {
    }

    /** The header's VM description and the Java threads by name, in order. */
    record Dump(String vm, Map<String, ThreadBlock> threads, int vmThreads) {
    }

    private JstackGrammar() {
    }

    static Dump parse(String text) {
        String[] lines = text.split("\n", -1);
        String vm = null;
        Map<String, ThreadBlock> threads = new LinkedHashMap<>();
        int vmThreads = 0;
        int i = 0;
        while (i < lines.length) {
            String line = lines[i];
            if (line.startsWith("Full thread dump ") && line.endsWith(":")) {
                vm = line.substring("Full thread dump ".length(), line.length() - 1);
                i++;
            } else if (line.startsWith("\"") && HEADER.matcher(line).matches()) {
                if (vm == null) {
                    throw fail(i, line, "a thread before the \"Full thread dump\" line");
                }
                int[] next = {i};
                ThreadBlock t = block(lines, next);
                threads.put(t.name(), t);
                i = next[0];
            } else if (line.startsWith("\"")) {
                if (!VM_THREAD.matcher(line).matches()) {
                    throw fail(i, line, "a thread header jstack would not write");
                }
                vmThreads++;
                i++;
            } else if (line.startsWith("\t") || line.startsWith("   ")) {
                throw fail(i, line, "a thread's line outside a thread");
            } else {
                i++; // SMR info, JNI refs, section titles: skipped, as analysers do
            }
        }
        if (vm == null) {
            throw new AssertionError("no \"Full thread dump\" line");
        }
        return new Dump(vm, threads, vmThreads);
    }

    private static ThreadBlock block(String[] lines, int[] at) {
        int i = at[0];
        Matcher h = HEADER.matcher(lines[i]);
        h.matches();
        i++;
        String state = null;
        String detail = null;
        List<Frame> frames = new ArrayList<>();
        List<Lock> locks = new ArrayList<>();
        List<Lock> synchronizers = new ArrayList<>();
        Matcher s = STATE.matcher(lines[i]);
        if (s.matches()) {
            state = s.group("state");
            detail = s.group("detail");
            i++;
        }
        while (i < lines.length && NOTE.matcher(lines[i]).matches() && !lines[i].startsWith("   Locked ownable")) {
            i++;
        }
        for (; i < lines.length && lines[i].startsWith("\t"); i++) {
            Matcher f = FRAME.matcher(lines[i]);
            Matcher l = LOCK.matcher(lines[i]);
            if (f.matches()) {
                String location = f.group("location");
                int slash = location.indexOf('/');
                frames.add(new Frame(f.group("qualified"), f.group("method"), slash < 0 ? null : location.substring(0, slash),
                        slash < 0 ? location : location.substring(slash + 1)));
            } else if (l.matches() && !frames.isEmpty()) {
                locks.add(new Lock(l.group("verb").trim(), frames.size() - 1, l.group("address"), l.group("class")));
            } else {
                throw fail(i, lines[i], "neither a frame nor a lock line");
            }
        }
        if (i < lines.length && lines[i].isEmpty() && i + 1 < lines.length && lines[i + 1].equals("   Locked ownable synchronizers:")) {
            i += 2;
            if (i < lines.length && lines[i].equals("\t- None")) {
                i++;
            } else {
                for (; i < lines.length && lines[i].startsWith("\t"); i++) {
                    Matcher m = SYNCHRONIZER.matcher(lines[i]);
                    if (!m.matches()) {
                        throw fail(i, lines[i], "not an ownable synchronizer");
                    }
                    synchronizers.add(new Lock("owns", -1, m.group("address"), m.group("class")));
                }
            }
        }
        if (i < lines.length && !lines[i].isEmpty()) {
            throw fail(i, lines[i], "a thread's block must end with an empty line");
        }
        at[0] = i;
        return new ThreadBlock(h.group("name"), Long.parseLong(h.group("id")), h.group("daemon") != null,
                Integer.parseInt(h.group("prio")), h.group("headline"), state, detail, frames, locks, synchronizers);
    }

    private static AssertionError fail(int index, String line, String why) {
        return new AssertionError("line " + (index + 1) + ": " + why + ": " + line.replace("\t", "\\t"));
    }
}
