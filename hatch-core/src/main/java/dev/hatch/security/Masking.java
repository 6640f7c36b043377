package dev.hatch.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
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
    /** {@code name=value} inside a longer text: a command line, a query string, a JDBC URL. */
    private static final Pattern ASSIGNMENT = Pattern.compile("([A-Za-z0-9_.-]+)=([^\\s&;,]*)");

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

    /** The value as it may be shown for this key: masked whole when the key looks secret, else as {@link #text(String)}. */
    public String value(String key, String value) {
        if (value == null) {
            return null;
        }
        return secretKey(key) ? MASK : text(value);
    }

    /** Masks {@code user:password@} in any URL inside the text. */
    public String urls(String text) {
        return URL_CREDENTIALS.matcher(text).replaceAll("$1" + MASK + "@");
    }

    /**
     * Masks secrets inside free text such as {@code JAVA_TOOL_OPTIONS} or {@code sun.java.command}:
     * every {@code name=value} whose name looks secret ({@code -Ddb.password=x},
     * {@code --api-token=x}, {@code ?password=x}) and credentials in URLs.
     */
    public String text(String text) {
        if (text == null) {
            return null;
        }
        Matcher m = ASSIGNMENT.matcher(urls(text));
        StringBuilder sb = new StringBuilder(text.length());
        while (m.find()) {
            m.appendReplacement(sb, "");
            sb.append(m.group(1)).append('=').append(secretKey(m.group(1)) ? MASK : m.group(2));
        }
        m.appendTail(sb);
        return sb.toString();
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
