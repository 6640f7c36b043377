package dev.hatch.internal.config;

import dev.hatch.internal.config.Key.Type;
import dev.hatch.internal.repl.ReplConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The table of every configuration key: each is declared here once, with its type, default,
 * bounds, documentation line and secrecy. The public builders check their arguments against it,
 * the properties loader reads the file through it, {@code docs/configuration.md} is generated
 * from it (a test fails when they differ), and "did you mean" suggestions come from it.
 *
 * <p>Keys with a name of the user's ({@code hatch.token.NAME}, {@code hatch.mtls.principal.NAME},
 * {@code hatch.trigger.NAME}) are listed in {@link #PATTERNS}; the loader handles them.
 */
public final class Keys {
    private static final Map<String, Key<?>> BY_NAME = new LinkedHashMap<>();

    // --- where and who -------------------------------------------------------------------
    public static final Key<String> HOST = add(Key.<String>key("hatch.host", Type.TEXT).byDefault("127.0.0.1")
            .doc("address to bind; an address other machines can reach needs TLS")
            .slot(0));
    public static final Key<Integer> PORT = add(Key.<Integer>key("hatch.port", Type.INTEGER).byDefault("9070").between(0, 65535)
            .doc("port to listen on; 0 picks a free one")
            .slot(1));
    public static final Key<List<String>> PUBLIC = add(Key.<List<String>>key("hatch.public", Type.LIST).byDefault("")
            .doc("routes served without credentials; only `health` may be public")
            .slot(2));
    public static final Key<List<String>> MASK_KEYS = add(Key.<List<String>>key("hatch.mask.keys", Type.LIST).byDefault("")
            .doc("extra words that mark a property or variable as secret in `/ops/env` and command arguments")
            .slot(3));

    // --- TLS ------------------------------------------------------------------------------
    public static final Key<Path> TLS_CERT = add(Key.<Path>key("hatch.tls.cert", Type.PATH)
            .doc("the server's certificate chain (PEM); with `hatch.tls.key`")
            .slot(4));
    public static final Key<Path> TLS_KEY = add(Key.<Path>key("hatch.tls.key", Type.PATH)
            .doc("the server's private key (PEM, readable by the owner only)")
            .slot(5));
    public static final Key<Path> TLS_KEYSTORE = add(Key.<Path>key("hatch.tls.keystore", Type.PATH)
            .doc("a PKCS#12 key store instead of PEM files; with `hatch.tls.keystore-password`")
            .slot(6));
    public static final Key<String> TLS_KEYSTORE_PASSWORD = add(Key.<String>key("hatch.tls.keystore-password", Type.SECRET).secret()
            .doc("where the key store's password is")
            .slot(7));
    public static final Key<Path> TLS_CLIENT_CA = add(Key.<Path>key("hatch.tls.client-ca", Type.PATH)
            .doc("the CA (PEM) client certificates must chain to; turns on client certificates")
            .slot(8));
    public static final Key<String> TLS_CLIENT_AUTH = add(Key.<String>key("hatch.tls.client-auth", Type.CHOICE)
            .choices("none", "want", "need").byDefaultDescribed("`want` with `hatch.tls.client-ca`, else `none`")
            .doc("whether a client certificate is asked for (`want`) or required (`need`)")
            .slot(9));

    // --- audit ----------------------------------------------------------------------------
    public static final Key<Path> AUDIT_FILE = add(Key.<Path>key("hatch.audit.file", Type.PATH)
            .byDefaultDescribed("`audit-<pid>.jsonl` in the private directory")
            .doc("the audit log (JSON lines, hash-chained)")
            .slot(10));
    public static final Key<String> AUDIT_KEY = add(Key.<String>key("hatch.audit.key", Type.SECRET).secret()
            .doc("an HMAC key (at least 16 bytes) that makes the audit chain an HMAC-SHA256 chain")
            .slot(11));
    public static final Key<String> AUDIT_ON_FAILURE = add(Key.<String>key("hatch.audit.on-failure", Type.CHOICE)
            .choices("refuse", "continue").byDefaultDescribed("`refuse` for dump, operate, admin and repl; `continue` for monitor")
            .doc("what a request does when its audit record cannot be written")
            .slot(12));
    public static final Key<Long> AUDIT_MAX_BYTES = add(Key.<Long>key("hatch.audit.max-bytes", Type.SIZE).byDefault("16MB")
            .between(4096L, 1L << 40).doc("audit file size before it rotates")
            .slot(13));
    public static final Key<Integer> AUDIT_FILES = add(Key.<Integer>key("hatch.audit.files", Type.INTEGER).byDefault("5")
            .between(1, 1000).doc("rotated audit files kept")
            .slot(14));
    public static final Key<Integer> AUDIT_SUMMARY_AFTER = add(Key.<Integer>key("hatch.audit.summary-after", Type.INTEGER)
            .byDefault("20").between(0, 1_000_000)
            .doc("refusals per address and interval written one by one; further ones are counted in a summary record")
            .slot(15));
    public static final Key<Duration> AUDIT_SUMMARY_INTERVAL = add(Key.<Duration>key("hatch.audit.summary-interval", Type.DURATION)
            .byDefault("60s").between(Duration.ofMillis(100), Duration.ofDays(1))
            .doc("the interval refusal counts are summarised over")
            .slot(16));

    // --- limits ---------------------------------------------------------------------------
    public static final Key<Integer> LIMITS_THREADS = add(Key.<Integer>key("hatch.limits.threads", Type.INTEGER).byDefault("8")
            .between(1, 256).doc("requests running a route handler at once")
            .slot(17));
    public static final Key<Integer> LIMITS_QUEUE = add(Key.<Integer>key("hatch.limits.queue", Type.INTEGER).byDefault("16")
            .between(0, 1024).doc("requests waiting (up to a second) for a handler slot before 503; 0 answers 503 at once")
            .slot(18));
    public static final Key<Integer> LIMITS_THREADS_PER_PRINCIPAL = add(Key.<Integer>key("hatch.limits.threads-per-principal",
            Type.INTEGER).byDefaultDescribed("half of `hatch.limits.threads`, rounded up").between(1, 256)
            .doc("handler slots one principal may hold at once (429 beyond); at most `hatch.limits.threads`")
            .slot(19));
    public static final Key<Integer> LIMITS_RESERVED_THREADS = add(Key.<Integer>key("hatch.limits.reserved-threads", Type.INTEGER)
            .byDefaultDescribed("2, or `hatch.limits.threads` − 1 when smaller").between(0, 255)
            .doc("handler slots kept for principals that hold none; less than `hatch.limits.threads`")
            .slot(20));
    public static final Key<Long> LIMITS_MIN_BODY_RATE = add(Key.<Long>key("hatch.limits.min-body-rate", Type.SIZE).byDefault("1KB")
            .between(0L, 1L << 30).doc("bytes per second a request body must arrive at (else 408); 0 turns the check off")
            .slot(21));
    public static final Key<Long> LIMITS_MIN_RESPONSE_RATE = add(Key.<Long>key("hatch.limits.min-response-rate", Type.SIZE)
            .byDefault("16KB").between(0L, 1L << 30)
            .doc("bytes per second a client must read a response at (else it is aborted); 0 turns the check off")
            .slot(22));
    public static final Key<Duration> LIMITS_MIN_RATE_GRACE = add(Key.<Duration>key("hatch.limits.min-rate-grace", Type.DURATION)
            .byDefault("10s").between(Duration.ofMillis(100), Duration.ofHours(1))
            .doc("the period the minimum rates are measured over")
            .slot(23));
    public static final Key<Integer> LIMITS_CONNECTIONS = add(Key.<Integer>key("hatch.limits.connections", Type.INTEGER)
            .byDefault("256").between(2, 100_000).doc("open connections in total")
            .slot(24));
    public static final Key<Integer> LIMITS_CONNECTIONS_PER_ADDRESS = add(Key.<Integer>key("hatch.limits.connections-per-address",
            Type.INTEGER).byDefault("32").between(1, 100_000).doc("open connections from one client address")
            .slot(25));
    public static final Key<Duration> LIMITS_HEAD_TIMEOUT = add(Key.<Duration>key("hatch.limits.head-timeout", Type.DURATION)
            .byDefault("5s").between(Duration.ofMillis(100), Duration.ofMinutes(10))
            .doc("time a new connection has to deliver a complete request head")
            .slot(26));
    public static final Key<Duration> LIMITS_KEEP_ALIVE_TIMEOUT = add(Key.<Duration>key("hatch.limits.keep-alive-timeout",
            Type.DURATION).byDefault("20s").between(Duration.ofMillis(100), Duration.ofHours(1))
            .doc("time after a response within which the next request head must be complete")
            .slot(27));
    public static final Key<Duration> LIMITS_IDLE_TIMEOUT = add(Key.<Duration>key("hatch.limits.idle-timeout", Type.DURATION)
            .byDefault("30s").between(Duration.ofMillis(100), Duration.ofHours(1))
            .doc("idle connection timeout while a request is in progress")
            .slot(28));
    public static final Key<Long> LIMITS_HEADER_BYTES = add(Key.<Long>key("hatch.limits.header-bytes", Type.SIZE).byDefault("8KB")
            .between(1024L, 1L << 20).doc("largest request head (431 beyond)")
            .slot(29));
    public static final Key<Integer> LIMITS_URL_LENGTH = add(Key.<Integer>key("hatch.limits.url-length", Type.INTEGER)
            .byDefault("2048").between(256, 1 << 16).doc("longest request target (414 beyond)")
            .slot(30));
    public static final Key<Integer> LIMITS_QUERY_PARAMS = add(Key.<Integer>key("hatch.limits.query-params", Type.INTEGER)
            .byDefault("16").between(1, 256).doc("most query parameters in one request (400 beyond)")
            .slot(31));
    public static final Key<Long> LIMITS_BODY_BYTES = add(Key.<Long>key("hatch.limits.body-bytes", Type.SIZE).byDefault("64KB")
            .between(1024L, 64L << 20).doc("largest request body (413 beyond)")
            .slot(32));
    public static final Key<Integer> LIMITS_RATE = add(Key.<Integer>key("hatch.limits.rate", Type.INTEGER).byDefault("50")
            .between(1, 1_000_000).doc("authenticated requests per second and address (429 beyond the burst)")
            .slot(33));
    public static final Key<Integer> LIMITS_BURST = add(Key.<Integer>key("hatch.limits.burst", Type.INTEGER).byDefault("200")
            .between(1, 1_000_000).doc("burst allowed above `hatch.limits.rate`")
            .slot(34));
    public static final Key<Integer> LIMITS_ANONYMOUS_RATE = add(Key.<Integer>key("hatch.limits.anonymous-rate", Type.INTEGER)
            .byDefault("5").between(1, 1_000_000).doc("requests without valid credentials per second and address")
            .slot(35));
    public static final Key<Integer> LIMITS_ANONYMOUS_BURST = add(Key.<Integer>key("hatch.limits.anonymous-burst", Type.INTEGER)
            .byDefault("20").between(1, 1_000_000).doc("burst allowed above `hatch.limits.anonymous-rate`")
            .slot(36));
    public static final Key<Integer> LIMITS_LOCKOUT_FAILURES = add(Key.<Integer>key("hatch.limits.lockout-failures", Type.INTEGER)
            .byDefault("10").between(1, 1_000_000).doc("failed authentications from one address before it is locked out")
            .slot(37));
    public static final Key<Duration> LIMITS_LOCKOUT_BASE = add(Key.<Duration>key("hatch.limits.lockout-base", Type.DURATION)
            .byDefault("1s").between(Duration.ofMillis(1), Duration.ofDays(1)).doc("first lockout; each further one doubles")
            .slot(38));
    public static final Key<Duration> LIMITS_LOCKOUT_MAX = add(Key.<Duration>key("hatch.limits.lockout-max", Type.DURATION)
            .byDefault("15m").between(Duration.ofMillis(1), Duration.ofDays(1))
            .doc("longest lockout; at least `hatch.limits.lockout-base`")
            .slot(39));
    public static final Key<Integer> LIMITS_IPV6_PREFIX = add(Key.<Integer>key("hatch.limits.ipv6-prefix", Type.INTEGER)
            .byDefault("64").between(16, 128).doc("IPv6 clients are counted per prefix of this many bits")
            .slot(40));
    public static final Key<Duration> HEALTH_TIMEOUT = add(Key.<Duration>key("hatch.health.timeout", Type.DURATION)
            .byDefault("2s").between(Duration.ofMillis(10), Duration.ofMinutes(1))
            .doc("a health check slower than this counts as down")
            .slot(41));

    // --- heap dumps -----------------------------------------------------------------------
    public static final Key<Path> DUMP_DIR = add(Key.<Path>key("hatch.dump.dir", Type.PATH)
            .byDefaultDescribed("`dumps/` in the private directory")
            .doc("where heap dumps are written while they stream and where stored dumps are kept (made 0700)")
            .slot(42));
    public static final Key<Duration> DUMP_COOLDOWN = add(Key.<Duration>key("hatch.dump.cooldown", Type.DURATION).byDefault("0s")
            .between(Duration.ZERO, Duration.ofDays(1)).doc("after a heap dump, the next is refused with 429 for this long")
            .slot(43));
    public static final Key<Long> DUMP_RESERVE = add(Key.<Long>key("hatch.dump.reserve", Type.SIZE).byDefault("0")
            .atLeast(0L).doc("free disk space a heap dump must leave besides its own estimated size")
            .slot(44));
    public static final Key<Duration> HEAPDUMPS_RETENTION = add(Key.<Duration>key("hatch.heapdumps.retention", Type.DURATION)
            .byDefault("1d").between(Duration.ofMinutes(1), Duration.ofDays(365)).doc("how long stored heap dumps are kept")
            .slot(45));
    public static final Key<Long> HEAPDUMPS_QUOTA = add(Key.<Long>key("hatch.heapdumps.quota", Type.SIZE)
            .byDefaultDescribed("twice the maximum heap").atLeast(1L << 20)
            .doc("disk that stored heap dumps may use; the oldest are deleted beyond it")
            .slot(46));
    public static final Key<Duration> HISTOGRAM_COOLDOWN = add(Key.<Duration>key("hatch.histogram.cooldown", Type.DURATION)
            .byDefault("10s").between(Duration.ZERO, Duration.ofDays(1))
            .doc("after a live class histogram (a full GC), the next is refused with 429 for this long")
            .slot(47));

    // --- leak detection -------------------------------------------------------------------
    public static final Key<Boolean> LEAKS_ENABLED = add(Key.<Boolean>key("hatch.leaks.enabled", Type.BOOLEAN).byDefault("true")
            .doc("the leak detector (GC-driven heap samples, trends, suspects)")
            .slot(48));
    public static final Key<Duration> LEAKS_INTERVAL = add(Key.<Duration>key("hatch.leaks.interval", Type.DURATION).byDefault("5s")
            .between(Duration.ofMillis(100), Duration.ofMinutes(10)).doc("how often the detector assesses its samples")
            .slot(49));
    public static final Key<Boolean> LEAKS_HISTOGRAMS = add(Key.<Boolean>key("hatch.leaks.histograms", Type.BOOLEAN)
            .byDefault("true").doc("class histograms (within the pause budget) to name what grows")
            .slot(50));
    public static final Key<Duration> LEAKS_HISTOGRAM_INTERVAL = add(Key.<Duration>key("hatch.leaks.histogram-interval",
            Type.DURATION).byDefault("5s").between(Duration.ofSeconds(1), Duration.ofDays(1))
            .doc("shortest interval between two class histograms")
            .slot(51));
    public static final Key<Double> LEAKS_HISTOGRAM_BUDGET = add(Key.<Double>key("hatch.leaks.histogram-budget", Type.DECIMAL)
            .byDefault("1.0").between(0.01, 10.0).doc("percent of wall time class histograms may pause the application")
            .slot(52));
    public static final Key<Integer> LEAKS_BACKSTOP = add(Key.<Integer>key("hatch.leaks.backstop", Type.INTEGER).byDefault("90")
            .between(50, 100).doc("heap occupancy after GC (percent) that counts as a leak whatever the trend")
            .slot(53));
    public static final Key<Boolean> LEAKS_ALLOCATION_SITES = add(Key.<Boolean>key("hatch.leaks.allocation-sites", Type.BOOLEAN)
            .byDefault("true").doc("JFR old-object samples to show where suspects were allocated")
            .slot(54));
    public static final Key<Duration> LEAKS_SAMPLE_INTERVAL = add(Key.<Duration>key("hatch.leaks.sample-interval", Type.DURATION)
            .byDefault("60s").between(Duration.ofSeconds(1), Duration.ofHours(1))
            .doc("a heap sample is also taken on this timer, for programs that rarely collect")
            .slot(55));

    // --- start -----------------------------------------------------------------------------
    public static final Key<Duration> START_DELAY = add(Key.<Duration>key("hatch.start.delay", Type.DURATION)
            .byDefaultDescribed("`0s` (the agent: `30s`)").between(Duration.ZERO, Duration.ofHours(1))
            .doc("binds the port and writes the token file at once, but builds the server and its background work (leak"
                    + " detector, JFR, console) only at the first connection or after this long, whichever comes first;"
                    + " 0 builds everything at once. Ignored (0) while triggers are configured")
            .slot(56));

    // --- container memory ------------------------------------------------------------------
    public static final Key<Path> CONTAINER_CGROUP_ROOT = add(Key.<Path>key("hatch.container.cgroup-root", Type.PATH)
            .byDefault("/sys/fs/cgroup")
            .doc("where the cgroup file system is mounted: read for GET /ops/memory/container, the native-memory trend and"
                    + " container triggers; point it at another mount (or a directory a test writes) to read that instead")
            .slot(57));

    // --- JFR, threads ---------------------------------------------------------------------
    public static final Key<Boolean> JFR_CONTINUOUS = add(Key.<Boolean>key("hatch.jfr.continuous", Type.BOOLEAN).byDefault("false")
            .doc("keep a continuous JFR recording for `GET /ops/jfr`")
            .slot(58));
    public static final Key<Duration> JFR_MAX_AGE = add(Key.<Duration>key("hatch.jfr.max-age", Type.DURATION).byDefault("15m")
            .between(Duration.ofSeconds(10), Duration.ofHours(24)).doc("how far back the continuous recording reaches")
            .slot(59));
    public static final Key<Long> JFR_MAX_SIZE = add(Key.<Long>key("hatch.jfr.max-size", Type.SIZE).byDefault("64MB")
            .between(1L << 20, 16L << 30).doc("disk the continuous recording may use")
            .slot(60));
    public static final Key<String> JFR_SETTINGS = add(Key.<String>key("hatch.jfr.settings", Type.CHOICE).choices("default", "profile")
            .byDefault("default").doc("the JDK's JFR settings: `default` (about 1 % overhead) or `profile` (more detail, about 2 %)")
            .slot(61));
    public static final Key<Integer> THREADS_VIRTUAL_LIMIT = add(Key.<Integer>key("hatch.threads.virtual.limit", Type.INTEGER)
            .byDefault("1000").between(0, 100_000)
            .doc("the most virtual threads `GET /ops/threads` lists with their stacks (all are counted)")
            .slot(62));
    public static final Key<Duration> THREADS_VIRTUAL_TIMEOUT = add(Key.<Duration>key("hatch.threads.virtual.timeout",
            Type.DURATION).byDefault("20s").between(Duration.ofMillis(100), Duration.ofMinutes(5))
            .doc("how long a thread dump waits for the JVM's dump of virtual threads")
            .slot(63));

    // --- REPL -----------------------------------------------------------------------------
    public static final Key<Boolean> REPL_ENABLED = add(Key.<Boolean>key("hatch.repl.enabled", Type.BOOLEAN).byDefault("false")
            .doc("the Java REPL (`repl` scope); off unless enabled here or with `replEnabled(true)`")
            .slot(64));
    public static final Key<Duration> REPL_TIMEOUT = add(Key.<Duration>key("hatch.repl.timeout", Type.DURATION)
            .byDefault(Durations.format(ReplConfig.DEFAULT_TIMEOUT)).between(Duration.ofMillis(10), Duration.ofHours(1))
            .doc("longest a snippet may run before it is stopped")
            .slot(65));
    public static final Key<Integer> REPL_MAX_SESSIONS = add(Key.<Integer>key("hatch.repl.max-sessions", Type.INTEGER)
            .byDefault(String.valueOf(ReplConfig.DEFAULT_MAX_SESSIONS)).between(1, 64).doc("REPL sessions open at once")
            .slot(66));
    public static final Key<Duration> REPL_IDLE_TIMEOUT = add(Key.<Duration>key("hatch.repl.idle-timeout", Type.DURATION)
            .byDefault(Durations.format(ReplConfig.DEFAULT_IDLE_TIMEOUT)).between(Duration.ofMillis(100), Duration.ofHours(24))
            .doc("an unused session is closed after this long")
            .slot(67));
    public static final Key<Long> REPL_OUTPUT_BYTES = add(Key.<Long>key("hatch.repl.output-bytes", Type.SIZE)
            .byDefault(Sizes.format(ReplConfig.DEFAULT_OUTPUT_BYTES)).between(1024L, 16L << 20)
            .doc("output one snippet may print; the rest is cut")
            .slot(68));

    /** Keys that carry a name of the user's, with their documentation; the properties loader reads them. */
    public static final Map<String, String> PATTERNS = patterns();

    private Keys() {
    }

    private static <T> Key<T> add(Key<T> key) {
        if (BY_NAME.putIfAbsent(key.name(), key) != null) {
            throw new IllegalStateException("configuration key declared twice: " + key.name());
        }
        return key;
    }

    private static Map<String, String> patterns() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("hatch.token.NAME", "a bearer token's hash or where it is: `sha256:HEX`, `env:VARIABLE` or `file:/path` (secret)");
        p.put("hatch.token.NAME.scopes", "what the token may do: comma-separated `monitor`, `dump`, `operate`, `admin`, `repl`");
        p.put("hatch.mtls.principal.NAME", "a client certificate's subject (`CN=...,O=...`) or SAN (`dns:...`, `uri:...`, `email:...`)");
        p.put("hatch.mtls.principal.NAME.scopes", "what that certificate may do, as for tokens");
        p.put("hatch.trigger.NAME", "a trigger that stores a heap dump when its condition holds, as JSON (see the leak detection guide)");
        return Map.copyOf(p);
    }

    /** Every key, in the order of the table. */
    public static List<Key<?>> all() {
        return List.copyOf(BY_NAME.values());
    }

    /** The key with this exact name, or {@code null}. */
    public static Key<?> named(String name) {
        return BY_NAME.get(name);
    }

    /** The configuration reference, {@code docs/configuration.md}, as the table says it. */
    public static String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("# Configuration\n\n");
        md.append("Every `hatch.*` key, generated from the table in `hatch-core` (`dev.hatch.internal.config.Keys`); ");
        md.append("`ConfigurationTableTest` fails when this file and the table differ. The same keys are set with ");
        md.append("`Hatch.builder()`'s methods, which check the same bounds, or with a properties file ");
        md.append("(`Hatch.builder().properties(path)`, the agent's `config=` option, `HATCH_CONFIG`). ");
        md.append("An unknown `hatch.*` key or a value out of bounds stops the start with a message naming the key.\n\n");
        md.append("Durations: `500ms`, `30s`, `5m`, `2h`, `1d` or ISO-8601 (`PT30S`). ");
        md.append("Sizes: bytes, or `KB`, `MB`, `GB`, `TB` (powers of 1024; `K`, `M`, `G`, `T` alone too). ");
        md.append("Secrets are never written in the file: `env:VARIABLE` or `file:/path` says where they are.\n\n");
        md.append("| key | value | default | allowed | what it does |\n| --- | --- | --- | --- | --- |\n");
        for (Key<?> k : all()) {
            String value = k.type() == Type.CHOICE ? "one of " + String.join(", ", k.choices().stream().map(c -> "`" + c + "`").toList())
                    : k.type().doc;
            String def = k.literalDefault() ? (k.defaultText().isEmpty() ? "none" : "`" + k.defaultText() + "`") : k.defaultText();
            md.append("| `").append(k.name()).append("` | ").append(value).append(k.secret() ? " (secret)" : "")
                    .append(" | ").append(def).append(" | ").append(k.boundsText()).append(" | ").append(k.doc()).append(" |\n");
        }
        md.append("\nKeys with a name of your choosing:\n\n| key | what it does |\n| --- | --- |\n");
        for (String name : List.of("hatch.token.NAME", "hatch.token.NAME.scopes", "hatch.mtls.principal.NAME",
                "hatch.mtls.principal.NAME.scopes", "hatch.trigger.NAME")) {
            md.append("| `").append(name).append("` | ").append(PATTERNS.get(name)).append(" |\n");
        }
        return md.toString();
    }
}
