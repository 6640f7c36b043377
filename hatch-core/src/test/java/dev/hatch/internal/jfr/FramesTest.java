package dev.hatch.internal.jfr;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The names of generated and hidden classes, as JFR spells them on 17 and 21+, lose what differs per process. */
class FramesTest {

    @Test
    void generatedAndHiddenClassNamesLoseWhatDiffersPerProcess() {
        Map<String, String> cases = Map.ofEntries(
                Map.entry("dev.hatch.ChildApp$$Lambda$14+0x00007f5e20003c68.1144748369", "dev.hatch.ChildApp$$Lambda"),
                Map.entry("dev.hatch.ChildApp$$Lambda+0x00007f5e20003c68.1144748369", "dev.hatch.ChildApp$$Lambda"),
                Map.entry("dev.hatch.ChildApp$$Lambda.0x0000000038043800", "dev.hatch.ChildApp$$Lambda"),
                Map.entry("dev.hatch.ChildApp$$Lambda/0x000001f0010a3a00", "dev.hatch.ChildApp$$Lambda"),
                Map.entry("dev.hatch.ChildApp$$Lambda$14/0x0000000800c03000", "dev.hatch.ChildApp$$Lambda"),
                Map.entry("java.lang.invoke.LambdaForm$MH.0x0000000038090800", "java.lang.invoke.LambdaForm$MH"),
                Map.entry("java.lang.invoke.LambdaForm$DMH/0x0000000800c0c400", "java.lang.invoke.LambdaForm$DMH"),
                Map.entry("jdk.internal.reflect.GeneratedMethodAccessor123", "jdk.internal.reflect.GeneratedMethodAccessor"),
                Map.entry("jdk.internal.reflect.GeneratedConstructorAccessor7", "jdk.internal.reflect.GeneratedConstructorAccessor"),
                Map.entry("jdk.proxy2.$Proxy12", "jdk.proxy.$Proxy"),
                Map.entry("com.sun.proxy.$Proxy3", "com.sun.proxy.$Proxy"),
                Map.entry("com.example.Service$$EnhancerBySpringCGLIB$$1a2b3c4d", "com.example.Service$$EnhancerBySpringCGLIB$$"),
                Map.entry("com.example.Order$Line", "com.example.Order$Line"),
                Map.entry("com.example.Proxy0x1", "com.example.Proxy0x1"),
                Map.entry("java.util.HashMap", "java.util.HashMap"));
        cases.forEach((in, out) -> assertThat(Frames.normalise(in)).as(in).isEqualTo(out));
    }
}
