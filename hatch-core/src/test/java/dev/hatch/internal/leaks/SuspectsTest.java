package dev.hatch.internal.leaks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SuspectsTest {
    private final Map<String, String> names = new HashMap<>();

    /** A histogram from rows of "class instances bytes". */
    private Snapshot snapshot(int i, String... rows) {
        StringBuilder sb = new StringBuilder();
        int n = 1;
        for (String r : rows) {
            String[] f = r.split(" ");
            String module = f[0].startsWith("java.") || f[0].startsWith("[") ? " (java.base@17)" : "";
            sb.append(String.format("%4d: %12s %14s  %s%s%n", n++, f[1], f[2], f[0], module));
        }
        return Snapshot.parse("h" + i, i * 10_000L, true, 10, sb.toString(), names);
    }

    @Test
    void theApplicationClassHoldingTheArraysComesBeforeTheArrays() {
        List<Snapshot> s = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int sessions = 1000 + 500 * i;
            s.add(snapshot(i, "[B " + (50_000 + sessions) + " " + (10_000_000 + sessions * 2048L),
                    "java.util.HashMap$Node " + sessions + " " + sessions * 32,
                    "com.example.Session " + sessions + " " + sessions * 24,
                    "java.lang.String 9000 216000"));
        }
        List<Suspects.Suspect> ranked = Suspects.rank(s);
        assertThat(ranked).extracting(Suspects.Suspect::className)
                .containsExactly("com.example.Session", "[B", "java.util.HashMap$Node");
        assertThat(ranked.get(0).instancesGrowth()).isEqualTo(2000);
        assertThat(ranked.get(0).bytesGrowth()).isEqualTo(48_000);
        assertThat(ranked.get(0).application()).isTrue();
    }

    @Test
    void classesThatGoUpAndDownAreNotSuspects() {
        List<Snapshot> s = new ArrayList<>();
        int[] batch = {1000, 5000, 200, 6000, 300, 7000};
        for (int i = 0; i < batch.length; i++) {
            s.add(snapshot(i, "com.example.Batch " + batch[i] + " " + batch[i] * 4016L, "com.example.Leak " + (10 + 100 * i) + " "
                    + (10 + 100 * i) * 40L));
        }
        assertThat(Suspects.rank(s)).extracting(Suspects.Suspect::className).containsExactly("com.example.Leak");
    }

    @Test
    void applicationClassesWithAHandfulOfNewInstancesDoNotOutrankRealGrowth() {
        List<Snapshot> s = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            s.add(snapshot(i, "[B " + (1000 + 1000 * i) + " " + (1_000_000 + 1_000_000L * i), "com.example.Config " + (2 + i) + " " + (2 + i) * 500));
        }
        assertThat(Suspects.rank(s)).extracting(Suspects.Suspect::className).containsExactly("[B", "com.example.Config");
    }

    @Test
    void hatchsOwnClassesAndItsShadedJettyAreNeverSuspects() {
        // Hatch's classes, its relocated Jetty and arrays of either grow just like a leak would (a buffer
        // pool filling, request records kept for the audit summary): they must still never be named.
        List<Snapshot> s = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int n = 1000 + 1000 * i;
            s.add(snapshot(i, "dev.hatch.internal.shaded.org.eclipse.jetty.io.ArrayByteBufferPool$Entry " + n + " " + n * 48L,
                    "dev.hatch.internal.audit.AuditLog$Pending " + n + " " + n * 32L,
                    "dev.hatch.internal.leaks.LeakDetector$$Lambda/0x00007f0c1c0a1234 " + n + " " + n * 16L,
                    "[Ldev.hatch.internal.shaded.org.eclipse.jetty.util.Pool$Entry; " + n + " " + n * 64L,
                    "[[Ldev.hatch.internal.http.Route; " + n + " " + n * 24L,
                    "com.example.Session " + n + " " + n * 24L,
                    "[B " + (50_000 + n) + " " + (10_000_000 + n * 2048L)));
        }
        assertThat(Suspects.rank(s)).extracting(Suspects.Suspect::className).containsExactly("com.example.Session", "[B");
    }

    @Test
    void onlyHatchsOwnPackageIsLeftOut() {
        assertThat(Snapshot.hatchClass("dev.hatch.Hatch")).isTrue();
        assertThat(Snapshot.hatchClass("[Ldev.hatch.internal.shaded.org.slf4j.Logger;")).isTrue();
        assertThat(Snapshot.hatchClass("dev.hatchery.Egg")).isFalse();
        assertThat(Snapshot.hatchClass("org.eclipse.jetty.server.Request")).isFalse();
        assertThat(Snapshot.hatchClass("[Lcom.example.dev.hatch.X;")).isFalse();
        assertThat(Snapshot.hatchClass("[B")).isFalse();
    }

    @Test
    void oneSnapshotNamesNobody() {
        assertThat(Suspects.rank(List.of(snapshot(0, "com.example.X 10 100")))).isEmpty();
    }
}
