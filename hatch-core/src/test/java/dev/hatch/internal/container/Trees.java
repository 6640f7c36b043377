package dev.hatch.internal.container;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/** The recorded file trees under {@code src/test/resources/container/} (see the README there). */
final class Trees {
    private Trees() {
    }

    static Path tree(String name) {
        URL url = Trees.class.getResource("/container/" + name + "/README.md");
        if (url == null) {
            throw new IllegalStateException("no test tree " + name);
        }
        try {
            return Path.of(url.toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A reader pointed at a tree laid out like a machine: sys/fs/cgroup, proc/self. */
    static ContainerMemory reading(Path root) {
        return ContainerMemory.reading(
                root.resolve("sys/fs/cgroup"), root.resolve("proc/self/cgroup"), root.resolve("proc/self"));
    }

    static ContainerMemorySnapshot snapshot(String name) {
        return reading(tree(name)).snapshot();
    }
}
