package dev.hatch.internal.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * The token Hatch makes when none is configured: 256 random bits, written to a file only this
 * user can read. The token itself is never logged; the file's path is.
 */
public final class GeneratedToken {
    /** The principal name the audit log records for the generated token. */
    public static final String PRINCIPAL = "generated";

    private final Path file;
    private final byte[] sha256;

    private GeneratedToken(Path file, byte[] sha256) {
        this.file = file;
        this.sha256 = sha256;
    }

    /** Creates a fresh token in {@code dir/token-<pid>-<random>}. */
    public static GeneratedToken create(Path dir) throws IOException {
        SecureRandom random = new SecureRandom();
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Path file = dir.resolve("token-" + ProcessHandle.current().pid() + "-" + Long.toHexString(random.nextLong() & 0xffffffL));
        PrivateFiles.createFile(file);
        Files.writeString(file, token + "\n", StandardCharsets.UTF_8);
        return new GeneratedToken(file, TokenSpec.hash(token));
    }

    /**
     * Deletes the token files of processes that no longer run: a process killed before it could
     * close Hatch leaves its file behind, and the token in it must not outlive the process.
     * Files of live processes (another JVM of the same user) are left alone.
     *
     * @return how many files were deleted
     */
    public static int removeStale(Path dir) {
        int removed = 0;
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        // File.list, hand parsing and no lambdas: this runs on the light start's path, where a glob,
        // a regular expression or a method reference would load and spin classes (docs/performance.md).
        String[] names = dir.toFile().list();
        if (names == null) {
            System.getLogger("dev.hatch").log(System.Logger.Level.WARNING, "could not list " + dir + " to clean up stale token files");
            return 0;
        }
        long self = ProcessHandle.current().pid();
        for (String name : names) {
            try {
                long pid = pidOf(name);
                Path f = dir.resolve(name);
                if (pid < 0 || pid == self || !Files.isRegularFile(f, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                Optional<ProcessHandle> process = ProcessHandle.of(pid);
                if (process.isPresent() && process.get().isAlive()) {
                    continue;
                }
                if (Files.deleteIfExists(f)) {
                    removed++;
                    System.getLogger("dev.hatch").log(System.Logger.Level.INFO,
                            "removed the token file {0} of process {1}, which no longer runs", f, pid);
                }
            } catch (IOException | RuntimeException e) {
                System.getLogger("dev.hatch").log(System.Logger.Level.WARNING, "could not clean up the stale token file " + name + " in " + dir, e);
            }
        }
        return removed;
    }

    /**
     * The process id in a generated token file's name, {@code token-<pid>-<1 to 8 hex digits>};
     * -1 for any other name.
     */
    static long pidOf(String name) {
        if (!name.startsWith("token-")) {
            return -1;
        }
        int dash = name.indexOf('-', 6);
        int hex = name.length() - dash - 1;
        if (dash < 7 || dash > 6 + 19 || hex < 1 || hex > 8) {
            return -1;
        }
        for (int i = 6; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = i < dash ? c >= '0' && c <= '9' : i == dash || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
            if (!ok) {
                return -1;
            }
        }
        try {
            return Long.parseLong(name, 6, dash, 10);
        } catch (NumberFormatException tooLarge) {
            return -1;
        }
    }

    /** The file that holds the token. */
    public Path file() {
        return file;
    }

    /** The token's SHA-256. */
    public byte[] sha256() {
        return sha256.clone();
    }

    /** Deletes the file. */
    public void delete() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            System.getLogger("dev.hatch").log(System.Logger.Level.WARNING, "could not delete " + file, e);
        }
    }
}
