package dev.hatch.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hatch.Hatch;
import dev.hatch.agent.testapp.CoreApp;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
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

    /** The hatch-core jar these tests were built against: the shaded, packaged one, never a classes directory. */
    static Path coreJar() throws IOException {
        Path jar;
        try {
            jar = Path.of(Hatch.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        assertThat(jar.toString()).as("hatch-core on the test class path must be the packaged jar").endsWith(".jar");
        try (JarFile j = new JarFile(jar.toFile())) {
            assertThat(j.getEntry("dev/hatch/internal/shaded/org/eclipse/jetty/server/Server.class"))
                    .as("%s holds the relocated Jetty", jar).isNotNull();
            assertThat(j.getEntry("org/eclipse/jetty/server/Server.class")).as("%s holds no unrelocated Jetty", jar).isNull();
        }
        return jar;
    }

    @Override
    ChildJvm start(Jdk jdk, Path config, List<String> jvmOptions) throws IOException {
        Path main = Files.createDirectories(dir.resolve("core-main-" + jdk.name()));
        Path pkg = Files.createDirectories(main.resolve("dev/hatch/agent/testapp"));
        Path compiled = ChildJvm.testClasses().resolve("dev/hatch/agent/testapp");
        try (DirectoryStream<Path> classes = Files.newDirectoryStream(compiled, "CoreApp*.class")) {
            for (Path c : classes) {
                Files.copy(c, pkg.resolve(c.getFileName().toString()));
            }
        }
        String classPath = coreJar() + File.pathSeparator + main;
        return ChildJvm.start(jdk, dir, Map.of(), jvmOptions, classPath, CoreApp.class.getName(), List.of(config.toString()));
    }

    @Override
    String programClass() {
        return "dev/hatch/agent/testapp/CoreApp$Held";
    }
}
