package dev.hatch.agent;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** {@link ShippedJarChecks} on the packaged agent jar: {@code -javaagent:hatch-agent.jar} in a plain program. */
class AgentJarTlsIT extends ShippedJarChecks {

    @Override
    ChildJvm start(Jdk jdk, Path config, List<String> jvmOptions) {
        List<String> options = new java.util.ArrayList<>(jvmOptions);
        options.add(ChildJvm.agent("config=" + config + ",port=0"));
        return ChildJvm.start(jdk, dir, Map.of(), options.toArray(String[]::new));
    }

    @Override
    String programClass() {
        return "dev/hatch/agent/testapp/PlainApp$Order";
    }
}
