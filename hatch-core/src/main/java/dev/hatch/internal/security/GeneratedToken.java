package dev.hatch.internal.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The token Hatch makes when none is configured: 256 random bits, written to a file only this
 * user can read. The token itself is never logged; the file's path is.
 */
public final class GeneratedToken {
    private static final Pattern NAME = Pattern.compile("token-(\\d{1,19})-[0-9a-f]{1,8}");
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
        try (var files = Files.newDirectoryStream(dir, "token-*")) {
            for (Path f : files) {
                Matcher m = NAME.matcher(f.getFileName().toString());
                if (!m.matches() || !Files.isRegularFile(f, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                long pid = Long.parseLong(m.group(1));
                if (pid != ProcessHandle.current().pid() && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                    continue;
                }
                if (pid != ProcessHandle.current().pid() && Files.deleteIfExists(f)) {
                    removed++;
                    System.getLogger("dev.hatch").log(System.Logger.Level.INFO,
                            "removed the token file {0} of process {1}, which no longer runs", f, pid);
                }
            }
        } catch (IOException | RuntimeException e) {
            System.getLogger("dev.hatch").log(System.Logger.Level.WARNING, "could not clean up stale token files in " + dir, e);
        }
        return removed;
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
