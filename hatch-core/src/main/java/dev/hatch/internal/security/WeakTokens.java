package dev.hatch.internal.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * SHA-256 hashes of tokens anyone would try first: default passwords, dictionary words that
 * show up in examples, the empty string. A {@code sha256:} spec can hide a weak token from the
 * length check that {@code env:} and {@code file:} tokens get; this list catches the obvious
 * ones. It is short on purpose: it stops copy-pasted examples, not a determined guesser.
 */
final class WeakTokens {
    private static final List<String> WORDS = List.of("", "password", "passw0rd", "changeme", "change-me", "admin", "administrator",
            "root", "secret", "token", "hatch", "letmein", "welcome", "default", "test", "testing", "guest", "demo", "example",
            "monitor", "oncall", "sre", "ops", "qwerty", "abc123", "123456", "1234567", "12345678", "123456789", "1234567890",
            "111111", "000000", "iloveyou", "trustno1", "opensesame");
    private static final Set<String> HASHES = hashes();

    private WeakTokens() {
    }

    /** Whether the hash is that of a listed token (the word, capitalised or upper case). */
    static boolean isWeak(byte[] sha256) {
        return HASHES.contains(HexFormat.of().formatHex(sha256));
    }

    private static Set<String> hashes() {
        Set<String> set = new HashSet<>();
        for (String w : WORDS) {
            for (String variant : List.of(w, w.toUpperCase(Locale.ROOT),
                    w.isEmpty() ? w : Character.toUpperCase(w.charAt(0)) + w.substring(1))) {
                set.add(HexFormat.of().formatHex(sha256(variant)));
            }
        }
        return Set.copyOf(set);
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
