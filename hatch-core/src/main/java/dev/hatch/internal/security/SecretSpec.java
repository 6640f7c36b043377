package dev.hatch.internal.security;

import dev.hatch.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a secret such as a key-store password from {@code env:VARIABLE} or {@code file:/path}.
 * A plain value is refused: configuration files are copied, committed and pasted into tickets.
 */
public final class SecretSpec {
    private static final int MAX_FILE = 4096;

    private SecretSpec() {
    }

    /** The environment variable an {@code env:} spec names, or {@code null} for any other spec. */
    public static String variable(String spec) {
        String s = spec == null ? "" : spec.trim();
        return s.startsWith("env:") ? s.substring(4).trim() : null;
    }

    /**
     * The SHA-256 of the secret the spec designates, for masking it wherever it appears; the
     * plain secret is dropped (its characters overwritten) before this returns.
     */
    public static byte[] sha256(String key, String spec) {
        char[] secret = read(key, spec);
        java.nio.ByteBuffer encoded = StandardCharsets.UTF_8.encode(java.nio.CharBuffer.wrap(secret));
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        java.util.Arrays.fill(secret, '\0');
        if (encoded.hasArray()) {
            java.util.Arrays.fill(encoded.array(), (byte) 0);
        }
        try {
            return TokenSpec.digest(bytes, 0, bytes.length);
        } finally {
            java.util.Arrays.fill(bytes, (byte) 0);
        }
    }

    /**
     * The secret the spec designates.
     *
     * @param key the configuration key, named in every error (never the value)
     */
    public static char[] read(String key, String spec) {
        String s = spec == null ? "" : spec.trim();
        if (s.startsWith("env:")) {
            String var = s.substring(4).trim();
            String value = System.getenv(var);
            if (value == null) {
                throw new ConfigException(key + ": environment variable " + var + " is not set");
            }
            return value.toCharArray();
        }
        if (s.startsWith("file:")) {
            Path file = Path.of(s.substring(5).trim());
            try {
                if (Files.size(file) > MAX_FILE) {
                    throw new ConfigException(key + ": " + file + " is too large to hold a password");
                }
                String value = Files.readString(file, StandardCharsets.UTF_8);
                return value.strip().toCharArray();
            } catch (IOException e) {
                throw new ConfigException(key + ": " + file + " cannot be read (" + e.getClass().getSimpleName() + ")", e);
            }
        }
        throw new ConfigException(key + " must be env:VARIABLE or file:/path; a password is never written into the configuration");
    }
}
