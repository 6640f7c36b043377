package dev.hatch.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;

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
