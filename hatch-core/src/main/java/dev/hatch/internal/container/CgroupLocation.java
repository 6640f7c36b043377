package dev.hatch.internal.container;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Where this process's memory cgroup is: which version, which directory. Read from {@code
 * /proc/self/cgroup} (v2: the {@code 0::/path} line; v1: the line naming the {@code memory}
 * controller) and the cgroup mount. When the path is not a directory under the mount, which is
 * what a container with its own cgroup namespace (or a bind-mounted cgroupfs) shows, the mount
 * itself is the process's cgroup.
 *
 * @param version {@code "v1"}, {@code "v2"} or {@code "none"}
 * @param path the cgroup path as {@code /proc/self/cgroup} names it, or {@code "/"}
 * @param dir the directory holding the memory files; null for {@code "none"}
 * @param mount the version's mount (the top of the walk for ancestors' limits); null for none
 * @param v2Dir the process's directory in a cgroup v2 hierarchy, if any (hybrid hosts have one
 *     next to v1 memory, and it holds {@code memory.pressure}); may be null
 */
record CgroupLocation(String version, String path, Path dir, Path mount, Path v2Dir) {

    static CgroupLocation locate(Path cgroupMountGiven, Path procSelfCgroup, Notes notes) {
        Path cgroupMount = cgroupMountGiven.toAbsolutePath().normalize();
        String v1Path = null;
        String v2Path = null;
        String text = BoundedFile.read(procSelfCgroup, notes).orElse("");
        for (String line : text.split("\n")) {
            String[] parts = line.trim().split(":", 3);
            if (parts.length < 3) {
                continue;
            }
            if (parts[0].equals("0") && parts[1].isEmpty()) {
                v2Path = parts[2];
            } else if (Arrays.asList(parts[1].split(",")).contains("memory")) {
                v1Path = parts[2];
            }
        }

        Path v2Mount = v2Mount(cgroupMount);
        Path v2Dir = v2Mount == null ? null : under(v2Mount, v2Path, notes);

        Path v1Mount = cgroupMount.resolve("memory");
        boolean v1 = v1Path != null
                ? Files.isDirectory(v1Mount)
                : v2Path == null && BoundedFile.exists(v1Mount.resolve("memory.limit_in_bytes"));
        if (v1) {
            return new CgroupLocation("v1", v1Path == null ? "/" : v1Path, under(v1Mount, v1Path, notes), v1Mount, v2Dir);
        }
        if (v2Dir != null && hasV2MemoryFiles(v2Dir)) {
            return new CgroupLocation("v2", v2Path == null ? "/" : v2Path, v2Dir, v2Mount, v2Dir);
        }
        notes.add("no cgroup memory controller found under " + cgroupMount);
        return new CgroupLocation("none", v2Path == null ? "/" : v2Path, null, null, v2Dir);
    }

    /** The unified mount: the cgroup root itself (pure v2) or its {@code unified} child (hybrid). */
    private static Path v2Mount(Path cgroupMount) {
        if (BoundedFile.exists(cgroupMount.resolve("cgroup.controllers"))) {
            return cgroupMount;
        }
        Path unified = cgroupMount.resolve("unified");
        return BoundedFile.exists(unified.resolve("cgroup.controllers")) ? unified : null;
    }

    private static boolean hasV2MemoryFiles(Path dir) {
        return BoundedFile.exists(dir.resolve("memory.max"))
                || BoundedFile.exists(dir.resolve("memory.current"))
                || BoundedFile.exists(dir.resolve("memory.stat"));
    }

    /**
     * {@code path} under {@code mount}, or the mount itself when the path is absent, leaves the
     * mount (a namespaced process sees {@code /../..} paths) or is not a directory there.
     */
    private static Path under(Path mount, String path, Notes notes) {
        if (path == null || path.equals("/")) {
            return mount;
        }
        Path relative = Path.of(path.startsWith("/") ? path.substring(1) : path).normalize();
        Path dir = mount.resolve(relative).normalize();
        if (relative.startsWith("..") || !dir.startsWith(mount) || !Files.isDirectory(dir)) {
            notes.add("cgroup path " + path + " is not visible under " + mount + "; reading the mount itself");
            return mount;
        }
        return dir;
    }

    /** A directory under the mount as a cgroup path: {@code /system.slice}; {@code /} for the mount. */
    String asSeen(Path cgroupDir) {
        return "/" + mount.relativize(cgroupDir).toString().replace('\\', '/');
    }
}
