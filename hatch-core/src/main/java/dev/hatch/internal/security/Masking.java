package dev.hatch.internal.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hides secret values before they leave the process. One component with one table of rules,
 * used by every view that shows the environment, system properties, JVM arguments or
 * recordings of them ({@code /ops/env}, {@code /ops/info}, JFR, command arguments).
 *
 * <p>The rules, in order:
 * <ol>
 *   <li><b>Configured secrets.</b> Every environment variable named by an {@code env:} spec of
 *       Hatch's configuration (tokens, key-store passwords, the audit key) is masked whatever its
 *       name; and any value, or word inside a value, whose SHA-256 equals that of a configured
 *       secret (a token, also one given as {@code sha256:}; a password read from {@code env:} or
 *       {@code file:}) is masked wherever it appears.</li>
 *   <li><b>Secret-looking names.</b> A name is secret when it contains one of the {@link #WORDS}
 *       (case-insensitive) or one of its parts (split at {@code . _ - /} and camel case) is one
 *       of the {@link #PARTS}; {@code hatch.mask.keys} adds words. The whole value is masked.</li>
 *   <li><b>Inside any other value</b> (free text such as {@code JAVA_TOOL_OPTIONS} or
 *       {@code sun.java.command}): the user information of every URL ({@code redis://u:pw@h},
 *       {@code https://ghp_x@github.com}, a password holding {@code @}), Oracle's
 *       {@code user/password@host}, every {@code name=value} whose name is secret (a quoted
 *       value up to its closing quote), and the word after a secret flag given without
 *       {@code =} ({@code --password hunter2}).</li>
 * </ol>
 */
public final class Masking {
    /** What a masked value is replaced with. */
    public static final String MASK = "******";
    /** Words that make a name secret wherever they stand in it. */
    static final List<String> WORDS = List.of("password", "passwd", "passphrase", "pwd", "secret", "token", "key",
            "credential", "auth", "private", "cookie", "session", "signature", "cert", "bearer", "hmac", "apikey");
    /** Words that make a name secret only as a whole part of it ({@code DB_PASS}, {@code GITHUB_PAT}, not {@code PATH}). */
    static final Set<String> PARTS = Set.of("pass", "pw", "pat", "salt", "pin", "otp", "jwt", "dsn", "sig", "creds");

    /** {@code scheme://userinfo@}: the user information runs to the last {@code @} before the host's end. */
    private static final Pattern URL_USERINFO = Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://)([^/\\s?#\"']*)@");
    /** Oracle's thin driver writes credentials as {@code user/password@host}. */
    private static final Pattern ORACLE = Pattern.compile("(?i)(jdbc:oracle:[a-z0-9]+:@?)([^/\\s@]+)/([^@\\s]*)@");
    /** {@code name=value} inside text; the value may be quoted and then holds spaces. */
    private static final Pattern ASSIGNMENT = Pattern.compile("([A-Za-z0-9_.-]+)=('[^']*'?|\"[^\"]*\"?|[^\\s&;,]*)");
    /** A flag that names a secret and takes its value as the next word: {@code --password hunter2}. */
    private static final Pattern FLAG_THEN_VALUE = Pattern.compile("(?<![^\\s])(--?[A-Za-z0-9_.-]+)(\\s+)('[^']*'?|\"[^\"]*\"?|[^\\s-][^\\s]*)");
    private static final Pattern NON_SPACE = Pattern.compile("\\S{8,}");
    private static final int MAX_SPLITS = 16;
    private static final Pattern CAMEL = Pattern.compile("(?<=[a-z0-9])(?=[A-Z])");
    private static final Pattern SEPARATORS = Pattern.compile("[._\\-/\\s]+");

    private final List<String> words;
    private final Set<String> secretVariables;
    private final Set<String> secretHashes;

    /** Masking by the default rules plus the given words (lower case), with no configured secrets. */
    public Masking(List<String> extraWords) {
        this(extraWords, Set.of(), List.of());
    }

    /**
     * Masking by the default rules plus the given words, and the configuration's own secrets.
     *
     * @param secretVariables environment variables named by {@code env:} specs of the configuration
     * @param secretSha256 SHA-256 hashes of every configured secret (tokens, passwords)
     */
    public Masking(List<String> extraWords, Collection<String> secretVariables, Collection<byte[]> secretSha256) {
        List<String> all = new ArrayList<>(WORDS);
        for (String w : extraWords) {
            String word = w.trim().toLowerCase(Locale.ROOT);
            if (!word.isEmpty()) {
                all.add(word);
            }
        }
        this.words = List.copyOf(all);
        this.secretVariables = Set.copyOf(secretVariables);
        Set<String> hashes = new HashSet<>();
        for (byte[] h : secretSha256) {
            hashes.add(java.util.HexFormat.of().formatHex(h));
        }
        this.secretHashes = Set.copyOf(hashes);
    }

    /** The default rules, with no configured secrets and no extra words. */
    public static Masking defaults() {
        return new Masking(List.of());
    }

    /** Whether a name (of a variable, property, flag or parameter) designates a secret. */
    public boolean secretKey(String key) {
        if (key == null) {
            return false;
        }
        if (secretVariables.contains(key)) {
            return true;
        }
        String k = key.toLowerCase(Locale.ROOT);
        for (String w : words) {
            if (k.contains(w)) {
                return true;
            }
        }
        for (String part : SEPARATORS.split(CAMEL.matcher(key).replaceAll("_").toLowerCase(Locale.ROOT))) {
            if (PARTS.contains(part)) {
                return true;
            }
        }
        return false;
    }

    /** The value as it may be shown for this name: masked whole when the name or the value is secret, else as {@link #text(String)}. */
    public String value(String key, String value) {
        if (value == null) {
            return null;
        }
        return secretKey(key) || configuredSecret(value.strip()) ? MASK : text(value);
    }

    /** Masks the user information of every URL in the text, and Oracle's {@code user/password@}. */
    public String urls(String text) {
        Matcher m = URL_USERINFO.matcher(text);
        StringBuilder sb = new StringBuilder(text.length());
        while (m.find()) {
            String info = m.group(2);
            int colon = info.indexOf(':');
            String shown = colon > 0 ? info.substring(0, colon) + ":" + MASK : MASK;
            m.appendReplacement(sb, Matcher.quoteReplacement(m.group(1) + shown + "@"));
        }
        m.appendTail(sb);
        return ORACLE.matcher(sb).replaceAll("$1$2/" + MASK + "@");
    }

    /**
     * Masks secrets inside free text such as {@code JAVA_TOOL_OPTIONS} or {@code sun.java.command}:
     * credentials in URLs, every {@code name=value} whose name looks secret ({@code -Ddb.password=x},
     * {@code --api-token=x}, {@code ?password=x}, {@code -Dx.password='a b c'}), the word after a
     * secret flag ({@code --password hunter2}), and any word that is a configured secret.
     */
    public String text(String text) {
        if (text == null) {
            return null;
        }
        String s = assignments(urls(text), 0);
        Matcher m = FLAG_THEN_VALUE.matcher(s);
        StringBuilder sb = new StringBuilder(s.length());
        while (m.find()) {
            boolean secret = m.group(1).indexOf('=') < 0 && secretKey(m.group(1).replaceFirst("^-+", ""));
            m.appendReplacement(sb, Matcher.quoteReplacement(m.group(1) + m.group(2) + (secret ? quoted(m.group(3), MASK) : m.group(3))));
        }
        m.appendTail(sb);
        return secretHashes.isEmpty() ? sb.toString() : configuredWords(sb.toString());
    }

    /** Masks every secret {@code name=value}; a value that itself holds {@code name=value} ({@code a.jar=key=x}) is looked into too. */
    private String assignments(String s, int depth) {
        Matcher m = ASSIGNMENT.matcher(s);
        StringBuilder sb = new StringBuilder(s.length());
        while (m.find()) {
            String v = m.group(2);
            boolean secret = secretKey(m.group(1)) || configuredSecret(unquote(v));
            String shown = secret ? quoted(v, MASK) : depth < 3 && v.indexOf('=') > 0 ? assignments(v, depth + 1) : v;
            m.appendReplacement(sb, Matcher.quoteReplacement(m.group(1) + "=" + shown));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** Masks one JVM argument such as {@code -Ddb.password=x} or {@code --token=x}. */
    public String argument(String arg) {
        return arg == null ? null : configuredSecret(arg.strip()) ? MASK : text(arg);
    }

    /**
     * Masks a list of arguments as a command line: each as {@link #argument(String)}, and an
     * argument that follows a secret flag without {@code =} ({@code "--password", "hunter2"}).
     */
    public List<String> arguments(List<String> args) {
        List<String> out = new ArrayList<>(args.size());
        boolean nextIsSecret = false;
        for (String a : args) {
            if (nextIsSecret && !a.startsWith("-")) {
                out.add(MASK);
                nextIsSecret = false;
                continue;
            }
            out.add(argument(a));
            nextIsSecret = a.startsWith("-") && a.indexOf('=') < 0 && secretKey(a.replaceFirst("^-+", ""));
        }
        return out;
    }

    private boolean configuredSecret(String value) {
        if (secretHashes.isEmpty() || value.isEmpty()) {
            return false;
        }
        return secretHashes.contains(sha256(value));
    }

    /**
     * Masks every whitespace-separated word that is a configured secret, or whose part before or
     * after a separator ({@code = : @ /}, quotes) is: {@code -Dx=<token>}, {@code Bearer:<token>}.
     */
    private String configuredWords(String text) {
        Matcher m = NON_SPACE.matcher(text);
        StringBuilder sb = new StringBuilder(text.length());
        while (m.find()) {
            String word = m.group();
            String masked = word;
            if (configuredSecret(word)) {
                masked = MASK;
            } else {
                int checked = 0;
                for (int i = 0; i < word.length() && checked < MAX_SPLITS; i++) {
                    if ("=:@/'\"".indexOf(word.charAt(i)) >= 0) {
                        checked++;
                        if (configuredSecret(word.substring(i + 1))) {
                            masked = word.substring(0, i + 1) + MASK;
                            break;
                        }
                        if (configuredSecret(word.substring(0, i))) {
                            masked = MASK + word.substring(i);
                            break;
                        }
                    }
                }
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(masked));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private static String unquote(String v) {
        if (v.length() >= 2 && (v.charAt(0) == '\'' || v.charAt(0) == '"') && v.charAt(v.length() - 1) == v.charAt(0)) {
            return v.substring(1, v.length() - 1);
        }
        return v;
    }

    /** The mask, in the same quotes as the value it replaces. */
    private static String quoted(String original, String mask) {
        if (!original.isEmpty() && (original.charAt(0) == '\'' || original.charAt(0) == '"')) {
            char q = original.charAt(0);
            return q + mask + q;
        }
        return mask;
    }

    private static String sha256(String value) {
        try {
            return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
