package dev.hatch.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hatch.agent.testapp.CoreApp;
import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * {@link ShippedJarChecks} with the packaged hatch-core jar on the <em>module path</em>, as the
 * named module {@code dev.hatch}: the module system then resolves its descriptor, so these
 * checks fail if the descriptor misses a JDK module, a service the relocated SLF4J or Jetty
 * looks up (the log bridge), or a resource the console serves. The program ({@link CoreApp})
 * stays on the class path and reads the module.
 */
class ModulePathJarIT extends ShippedJarChecks {

    @Test
    void theCoreJarIsTheNamedModuleDevHatchExportingOnlyTheApi() throws IOException {
        Set<ModuleReference> found = ModuleFinder.of(CoreJarIT.coreJar()).findAll();
        assertThat(found).hasSize(1);
        ModuleDescriptor d = found.iterator().next().descriptor();
        assertThat(d.name()).isEqualTo("dev.hatch");
        assertThat(d.isAutomatic()).as("a real descriptor, not a name from the manifest").isFalse();
        Set<String> exports = new TreeSet<>();
        for (ModuleDescriptor.Exports e : d.exports()) {
            assertThat(e.isQualified()).as("export of %s", e.source()).isFalse();
            exports.add(e.source());
        }
        assertThat(exports).containsExactly("dev.hatch", "dev.hatch.spi");
        assertThat(d.opens()).isEmpty();
        assertThat(d.packages()).contains("dev.hatch.internal.endpoint", "dev.hatch.internal.shaded.org.eclipse.jetty.server");
        assertThat(d.provides()).anySatisfy(p -> assertThat(p.providers()).contains("dev.hatch.internal.transport.JettyLogProvider"));
    }

    @Override
    ChildJvm start(Jdk jdk, Path config, List<String> jvmOptions) throws IOException {
        Path main = CoreJarIT.program(dir.resolve("module-main-" + jdk.name()));
        List<String> options = new ArrayList<>(jvmOptions);
        options.addAll(List.of("--module-path", CoreJarIT.coreJar().toString(), "--add-modules", "dev.hatch"));
        return ChildJvm.start(jdk, dir, Map.of(), options, main.toString(), CoreApp.class.getName(), List.of(config.toString()));
    }

    @Override
    String programClass() {
        return "dev/hatch/agent/testapp/CoreApp$Held";
    }
}
