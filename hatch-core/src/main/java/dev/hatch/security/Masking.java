package dev.hatch.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Hides secret values before they leave the process: values whose key looks secret
 * (password, secret, token, key, credential, auth, private, …) and credentials inside URLs.
 */
public final class Masking {
    /** What a masked value is replaced with. */
    public static final String MASK = "******";
    private static final List<String> DEFAULT_WORDS = List.of("password", "passwd", "pwd", "secret", "token", "key",
            "credential", "auth", "private", "cookie", "session", "signature", "cert");
    private static final Pattern URL_CREDENTIALS = Pattern.compile("(?i)([a-z][a-z0-9+.-]*://)[^/@\\s:]+:[^/@\\s]*@");

    private final List<String> words;

    /** Masking by the default words plus the given ones (lower case). */
    public Masking(List<String> extraWords) {
        List<String> all = new ArrayList<>(DEFAULT_WORDS);
        for (String w : extraWords) {
            all.add(w.toLowerCase(Locale.ROOT));
        }
        this.words = List.copyOf(all);
    }

    /** Whether a key names a secret. */
    public boolean secretKey(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        for (String w : words) {
            if (k.contains(w)) {
                return true;
            }
        }
        return false;
    }

    /** The value as it may be shown for this key. */
    public String value(String key, String value) {
        if (value == null) {
            return null;
        }
        return secretKey(key) ? MASK : urls(value);
    }

    /** Masks {@code user:password@} in any URL inside the text. */
    public String urls(String text) {
        return URL_CREDENTIALS.matcher(text).replaceAll("$1" + MASK + "@");
    }

    /** Masks a JVM argument such as {@code -Ddb.password=x} or {@code --token=x}. */
    public String argument(String arg) {
        int eq = arg.indexOf('=');
        if (eq > 0 && secretKey(arg.substring(0, eq))) {
            return arg.substring(0, eq + 1) + MASK;
        }
        return urls(arg);
    }
}
