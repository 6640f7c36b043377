package dev.hatch.internal.threads;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hatch.ChildJvm;
import dev.hatch.TestEndpoint;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code GET /ops/threads?format=text&synchronizers=true} against the real {@code jstack -l} of the
 * same child JVM (and the default text against plain {@code jstack}),
 * on JDK 17 and 25: one strict reader of jstack's grammar ({@link JstackGrammar}) must read both,
 * and find the same threads in the same states with the same frames and lock lines, the locks
 * tied together the same way (the blocked thread waits for the monitor the holder locked, the
 * notified thread re-locks the monitor its notifier holds, the parked thread waits for the
 * synchronizer the holder owns). On JDK 25 Hatch also lists the virtual thread that
 * jstack leaves out, in the same grammar.
 */
@Timeout(300)
class JstackCompatibilityTest {
    private static final List<String> KNOWN = List.of("known-holder", "known-blocked", "known-waiter", "known-relocker",
            "known-notifier", "known-parker", "known-sleeper");

    @TempDir
    Path dir;

    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(strings = {"17", "25"})
    void hatchTextReadsLikeJstackOfTheSameJvm(String feature) throws Exception {
        Path home = JdkTools.jdk(feature);
        try (ChildJvm child = ChildJvm.start(home, dir, Map.of(), List.of(), "known-states")) {
            String jstackText = JdkTools.run(home, dir, "jstack", "-l", Long.toString(child.pid()));
            HttpResponse<String> r = child.get("/ops/threads?format=text&synchronizers=true", TestEndpoint.MONITOR);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");

            JstackGrammar.Dump jstack = JstackGrammar.parse(jstackText);
            JstackGrammar.Dump hatch = JstackGrammar.parse(r.body());
            assertThat(hatch.vm()).isEqualTo(jstack.vm());
            assertThat(jstack.threads()).containsKeys(KNOWN.toArray(String[]::new));
            assertThat(hatch.threads()).containsKeys(KNOWN.toArray(String[]::new)).containsKey("main");
            for (String name : KNOWN) {
                JstackGrammar.ThreadBlock j = jstack.threads().get(name);
                JstackGrammar.ThreadBlock h = hatch.threads().get(name);
                assertThat(h.id()).as(name).isEqualTo(j.id());
                assertThat(h.daemon()).as(name).isEqualTo(j.daemon());
                assertThat(h.priority()).as(name).isEqualTo(j.priority());
                assertThat(h.headline()).as(name).isEqualTo(j.headline());
                assertThat(h.state() + " " + h.detail()).as(name).isEqualTo(j.state() + " " + j.detail());
                assertThat(h.frames()).as(name).isEqualTo(j.frames());
                assertThat(shape(h.locks())).as(name).isEqualTo(shape(j.locks()));
                assertThat(shape(h.synchronizers())).as(name).isEqualTo(shape(j.synchronizers()));
            }
            for (JstackGrammar.Dump d : List.of(jstack, hatch)) {
                String monitor = address(d, "known-holder", "locked");
                assertThat(address(d, "known-blocked", "waiting to lock")).isEqualTo(monitor);
                assertThat(address(d, "known-waiter", "waiting on")).isEqualTo(address(d, "known-waiter", "locked"));
                assertThat(address(d, "known-relocker", "waiting to re-lock in wait()"))
                        .isEqualTo(address(d, "known-relocker", "locked")).isEqualTo(address(d, "known-notifier", "locked"));
                assertThat(address(d, "known-parker", "parking to wait for"))
                        .isEqualTo(d.threads().get("known-holder").synchronizers().get(0).address());
            }
            if (feature.equals("25")) {
                // jstack leaves virtual threads out; Hatch lists them in the same grammar, parked on the same lock
                assertThat(jstack.threads()).doesNotContainKey("known-virtual");
                JstackGrammar.ThreadBlock v = hatch.threads().get("known-virtual");
                assertThat(v).as("virtual thread in Hatch's text").isNotNull();
                assertThat(v.daemon()).isTrue();
                assertThat(v.state() + " " + v.detail()).isEqualTo("WAITING parking");
                assertThat(address(hatch, "known-virtual", "parking to wait for"))
                        .isEqualTo(hatch.threads().get("known-holder").synchronizers().get(0).address());
            }
            assertThat(jstack.threads().get("known-blocked").state()).isEqualTo("BLOCKED");
            assertThat(jstack.threads().get("known-parker").detail()).isEqualTo("parking");

            // By default, as plain jstack: the same threads and lock lines, no synchronizer sections.
            JstackGrammar.Dump plainJstack = JstackGrammar.parse(JdkTools.run(home, dir, "jstack", Long.toString(child.pid())));
            JstackGrammar.Dump plainHatch = JstackGrammar.parse(child.get("/ops/threads?format=text", TestEndpoint.MONITOR).body());
            assertThat(plainJstack.threads().get("known-holder").synchronizers()).isEmpty();
            for (String name : KNOWN) {
                JstackGrammar.ThreadBlock j = plainJstack.threads().get(name);
                JstackGrammar.ThreadBlock h = plainHatch.threads().get(name);
                assertThat(h.frames()).as(name).isEqualTo(j.frames());
                assertThat(shape(h.locks())).as(name).isEqualTo(shape(j.locks()));
                assertThat(h.synchronizers()).as(name).isEmpty();
            }
        }
    }

    /** Lock lines without their addresses, which differ by design: jstack's are object addresses, Hatch's identity hashes. */
    private static List<String> shape(List<JstackGrammar.Lock> locks) {
        return locks.stream().map(l -> l.verb() + " @" + l.frame() + " " + l.className()).collect(Collectors.toList());
    }

    private static String address(JstackGrammar.Dump d, String thread, String verb) {
        return d.threads().get(thread).locks().stream().filter(l -> l.verb().equals(verb)).findFirst()
                .orElseThrow(() -> new AssertionError(thread + " has no '" + verb + "' line")).address();
    }
}
