package dev.hatch.internal.security;

import dev.hatch.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Resolves a token spec ({@code sha256:}, {@code env:}, {@code file:}) into the SHA-256 of the
 * token. The plain token is read, hashed and dropped; only the hash is kept in memory.
 */
public final class TokenSpec {
    /** Tokens shorter than this (from env: or file:) are refused: they can be guessed. */
    static final int MIN_TOKEN_LENGTH = 16;
    private static final int MAX_TOKEN_LENGTH = 512;

    private TokenSpec() {
    }

    /**
     * Returns the 32-byte SHA-256 of the token the spec designates.
     *
     * @param key the configuration key, named in every error
     */
    public static byte[] resolve(String key, String spec) {
        if (spec.startsWith("sha256:")) {
            String hex = spec.substring(7).trim();
            if (!isHex(hex, 64)) {
                throw new ConfigException(key + ": sha256: must be followed by 64 hex digits (the SHA-256 of the token)");
            }
            byte[] sha256 = HexFormat.of().parseHex(hex.toLowerCase(java.util.Locale.ROOT));
            if (WeakTokens.isWeak(sha256)) {
                // Never name the word: the message lands in logs.
                throw new ConfigException(key + ": the sha256: hash is that of a well-known weak token (a default credential or"
                        + " dictionary word, e.g. from an example); make a random one: TOKEN=$(openssl rand -base64 32),"
                        + " then printf %s \"$TOKEN\" | sha256sum");
            }
            return sha256;
        }
        if (spec.startsWith("env:")) {
            String var = spec.substring(4).trim();
            String value = System.getenv(var);
            if (value == null || value.isBlank()) {
                throw new ConfigException(key + ": environment variable " + var + " is not set or empty");
            }
            return hash(check(key, "environment variable " + var, value.trim()));
        }
        if (spec.startsWith("file:")) {
            Path file = Path.of(spec.substring(5).trim());
            try {
                if (Files.size(file) > MAX_TOKEN_LENGTH * 4L) {
                    throw new ConfigException(key + ": token file " + file + " is too large to hold a token");
                }
                if (PrivateFiles.readableByOthers(file)) {
                    log().log(System.Logger.Level.WARNING, "token file {0} ({1}) is readable by other users; chmod 600 it", file, key);
                }
                // The token is hashed from the file's bytes, which are then overwritten: no String of it is made.
                byte[] raw = Files.readAllBytes(file);
                try {
                    int from = 0;
                    int to = raw.length;
                    while (from < to && (raw[from] & 0xff) <= ' ') {
                        from++;
                    }
                    while (to > from && (raw[to - 1] & 0xff) <= ' ') {
                        to--;
                    }
                    checkLength(key, "token file " + file, to - from);
                    return digest(raw, from, to - from);
                } finally {
                    java.util.Arrays.fill(raw, (byte) 0);
                }
            } catch (IOException e) {
                throw new ConfigException(key + ": token file " + file + " cannot be read (" + e.getClass().getSimpleName() + ")", e);
            }
        }
        // Never echo the value: it may be a plain token pasted by mistake.
        throw new ConfigException(key + ": unsupported token spec; use sha256:<64 hex>, env:VARIABLE or file:/path"
                + " (plain tokens are not accepted in configuration)");
    }

    private static String check(String key, String source, String token) {
        checkLength(key, source, token.length());
        return token;
    }

    private static void checkLength(String key, String source, int length) {
        if (length == 0) {
            throw new ConfigException(key + ": " + source + " is empty");
        }
        if (length < MIN_TOKEN_LENGTH) {
            throw new ConfigException(key + ": the token in " + source + " is shorter than " + MIN_TOKEN_LENGTH
                    + " characters; use at least 128 random bits, e.g. openssl rand -base64 32");
        }
        if (length > MAX_TOKEN_LENGTH) {
            throw new ConfigException(key + ": the token in " + source + " is longer than " + MAX_TOKEN_LENGTH + " characters");
        }
    }

    /** SHA-256 of the UTF-8 bytes of a token. */
    public static byte[] hash(String token) {
        byte[] bytes = token.getBytes(StandardCharsets.UTF_8);
        try {
            return digest(bytes, 0, bytes.length);
        } finally {
            java.util.Arrays.fill(bytes, (byte) 0);
        }
    }

    /**
     * SHA-256 of a secret, leaving no copy of it behind: the digest keeps the last block of its
     * input in its buffer and message schedule after {@code digest()}, so a further 127 zero
     * bytes are fed through it (one whole block overwrites the schedule, the rest the buffer).
     */
    static byte[] digest(byte[] data, int offset, int length) {
        MessageDigest md = sha256();
        md.update(data, offset, length);
        byte[] hash = md.digest();
        md.update(new byte[127]);
        md.reset();
        return hash;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** Looked up when first needed: the lookup initialises the JDK's logging, which a light start defers. */
    private static System.Logger log() {
        return System.getLogger("dev.hatch.security");
    }

    /** Exactly {@code length} hex digits, either case (by hand: no java.util.regex on the light start's path). */
    static boolean isHex(String s, int length) {
        if (s.length() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (!HexFormat.isHexDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
