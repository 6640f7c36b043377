package dev.hatch.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hatch.agent.testapp.CoreApp;
import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;

/**
 * {@link ShippedJarChecks} on the packaged hatch-core jar, the artifact a library user puts on
 * the class path: a child JVM with nothing but that jar and a tiny main ({@link CoreApp}).
 */
class CoreJarIT extends ShippedJarChecks {

    /**
     * The hatch-core jar these tests were built against: the shaded, packaged one from the test
     * class path, never a classes directory. Looked up by name: {@code Hatch.class} alone would
     * lead to the agent jar, which is earlier on the class path and holds a copy of the core.
     */
    static Path coreJar() throws IOException {
        Path jar = null;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String name = Path.of(entry).getFileName().toString();
            if (name.startsWith("hatch-core-") && name.endsWith(".jar") && !name.endsWith("-tests.jar")) {
                jar = Path.of(entry);
            }
        }
        assertThat(jar).as("the packaged hatch-core jar on the test class path").isNotNull();
        assertThat(jar).isRegularFile();
        try (JarFile j = new JarFile(jar.toFile())) {
            assertThat(j.getEntry("dev/hatch/internal/shaded/org/eclipse/jetty/server/Server.class"))
                    .as("%s holds the relocated Jetty", jar).isNotNull();
            assertThat(j.getEntry("org/eclipse/jetty/server/Server.class")).as("%s holds no unrelocated Jetty", jar).isNull();
        }
        return jar;
    }

    @Override
    ChildJvm start(Jdk jdk, Path config, List<String> jvmOptions) throws IOException {
        String classPath = coreJar() + File.pathSeparator + program(dir.resolve("core-main-" + jdk.name()));
        return ChildJvm.start(jdk, dir, Map.of(), jvmOptions, classPath, CoreApp.class.getName(), List.of(config.toString()));
    }

    /** A directory holding the compiled {@link CoreApp} and nothing else: the program that embeds the core jar. */
    static Path program(Path main) throws IOException {
        Path pkg = Files.createDirectories(main.resolve("dev/hatch/agent/testapp"));
        Path compiled = ChildJvm.testClasses().resolve("dev/hatch/agent/testapp");
        try (DirectoryStream<Path> classes = Files.newDirectoryStream(compiled, "CoreApp*.class")) {
            for (Path c : classes) {
                Files.copy(c, pkg.resolve(c.getFileName().toString()));
            }
        }
        return main;
    }

    @Override
    String programClass() {
        return "dev/hatch/agent/testapp/CoreApp$Held";
    }
}
