package dev.hatch.internal.leaks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import org.junit.jupiter.api.Test;

class SnapshotTest {
    static final String TEXT = """
             num     #instances         #bytes  class name (module)
            -------------------------------------------------------
               1:          9671         446824  [B (java.base@17.0.15)
               2:          1978         240864  java.lang.Class (java.base@17.0.15)
               3:          1200          28800  com.example.Session
               4:            12            384  com.example.app.Thing (com.example.app@1.0)
               5:             3             96  com.example.Foo$$Lambda$14/0x0000000800c03000
            Total         12864         716968
            """;

    @Test
    void parsesEveryLineWithModuleAndTotals() {
        Snapshot s = Snapshot.parse("h1", 1000, true, 12, TEXT, new HashMap<>());
        assertThat(s.size()).isEqualTo(5);
        assertThat(s.names()).containsExactly("[B", "java.lang.Class", "com.example.Session", "com.example.app.Thing",
                "com.example.Foo$$Lambda$14/0x0000000800c03000");
        assertThat(s.modules()).containsExactly("java.base", "java.base", null, "com.example.app", null);
        assertThat(s.instances()[2]).isEqualTo(1200);
        assertThat(s.bytes()[0]).isEqualTo(446824);
        assertThat(s.totalInstances()).isEqualTo(12864);
        assertThat(s.totalBytes()).isEqualTo(716968);
    }

    @Test
    void garbageLinesAreSkipped() {
        Snapshot s = Snapshot.parse("h1", 0, true, 0, "nonsense\n  7: x y z\n   1:  5  80  a.B\n", new HashMap<>());
        assertThat(s.names()).containsExactly("a.B");
    }

    @Test
    void applicationClassesAreThoseOutsideTheJdkAndHatch() {
        assertThat(Snapshot.applicationClass("com.example.Session", null)).isTrue();
        assertThat(Snapshot.applicationClass("com.example.app.Thing", "com.example.app")).isTrue();
        assertThat(Snapshot.applicationClass("[B", "java.base")).isFalse();
        assertThat(Snapshot.applicationClass("[Lcom.example.Session;", null)).isFalse();
        assertThat(Snapshot.applicationClass("java.util.HashMap$Node", "java.base")).isFalse();
        assertThat(Snapshot.applicationClass("sun.nio.ch.Util", null)).isFalse();
        assertThat(Snapshot.applicationClass("dev.hatch.internal.leaks.Snapshot", null)).isFalse();
    }
}
