package dev.hatch.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/** The packaged agent jar is self-contained and cannot clash with the application's classes. */
class AgentJarIT {

    @Test
    void jarHoldsOnlyHatchClassesAndMetaInf() throws IOException {
        try (JarFile jar = new JarFile(ChildJvm.agentJar().toFile())) {
            List<String> names = jar.stream().map(JarEntry::getName).toList();
            assertThat(names).contains("dev/hatch/agent/HatchAgent.class", "dev/hatch/Hatch.class");
            assertThat(names).allMatch(n -> n.startsWith("dev/") || n.startsWith("META-INF/"), "is under dev/hatch/ or META-INF/")
                    .filteredOn(n -> n.endsWith(".class"))
                    .allMatch(n -> n.startsWith("dev/hatch/"), "is a dev.hatch class");
            assertThat(names).noneMatch(n -> n.startsWith("org/") || n.startsWith("META-INF/versions/"));
            assertThat(names).as("test classes stay out").noneMatch(n -> n.contains("testapp"));
            assertThat(names).filteredOn(n -> n.startsWith("META-INF/services/") && !n.endsWith("/"))
                    .allMatch(n -> n.startsWith("META-INF/services/dev.hatch."), "names a relocated service");
        }
    }

    @Test
    void manifestNamesTheAgentEntryPoints() throws IOException {
        try (JarFile jar = new JarFile(ChildJvm.agentJar().toFile())) {
            Attributes main = jar.getManifest().getMainAttributes();
            assertThat(main.getValue("Premain-Class")).isEqualTo("dev.hatch.agent.HatchAgent");
            assertThat(main.getValue("Agent-Class")).isEqualTo("dev.hatch.agent.HatchAgent");
            assertThat(main.getValue("Main-Class")).isEqualTo("dev.hatch.agent.HatchAgent");
        }
    }
}
