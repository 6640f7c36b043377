package dev.hatch.internal.config;

import dev.hatch.Command;
import dev.hatch.Hatch;
import dev.hatch.HealthCheck;
import dev.hatch.Limits;
import dev.hatch.Scope;
import dev.hatch.Tls;
import dev.hatch.internal.repl.ReplConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything {@link Hatch.Builder} and the properties loader collect, in one place: the public
 * builders validate and write here, the endpoint reads from here. Internal: its fields change
 * without notice.
 */
public final class Settings {
    public String host = "127.0.0.1";
    public int port = 9070;
    public final Map<String, TokenConfig> tokens = new LinkedHashMap<>();
    public boolean replEnabled;
    public Duration replTimeout = ReplConfig.DEFAULT_TIMEOUT;
    public int replMaxSessions = ReplConfig.DEFAULT_MAX_SESSIONS;
    public Duration replIdleTimeout = ReplConfig.DEFAULT_IDLE_TIMEOUT;
    public int replOutputBytes = ReplConfig.DEFAULT_OUTPUT_BYTES;
    public ClassLoader replClassLoader;
    public final Map<String, Object> bindings = new LinkedHashMap<>();
    public final Set<String> publicRoutes = new LinkedHashSet<>();
    public Path auditFile;
    public String auditKey;
    public Set<Scope> auditRefuseScopes = dev.hatch.internal.audit.AuditLog.DEFAULT_REFUSE_SCOPES;
    public Path dumpDir;
    public final Map<String, HealthCheck> healthChecks = new LinkedHashMap<>();
    public final Map<String, String> info = new LinkedHashMap<>();
    public final LimitSettings limits = new LimitSettings();
    /** The public builder over {@link #limits}, set by {@code Hatch.Builder}. */
    public Limits.Builder limitsBuilder;
    public final TlsSettings tls = new TlsSettings();
    /** The public builder over {@link #tls}, set by {@code Hatch.Builder}. */
    public Tls.Builder tlsBuilder;
    public final List<String> sources = new ArrayList<>();
    public dev.hatch.internal.leaks.LeakSettings leaks = dev.hatch.internal.leaks.LeakSettings.defaults();
    public java.time.Duration heapDumpRetention = java.time.Duration.ofHours(24);
    public long heapDumpQuota = -1;
    /** {@code hatch.start.delay}: how long the server's build may wait for a first connection; zero builds at once. */
    public java.time.Duration startDelay = java.time.Duration.ZERO;
    /** The cgroup file system's mount ({@code hatch.container.cgroup-root}). */
    public java.nio.file.Path cgroupRoot = java.nio.file.Path.of("/sys/fs/cgroup");
    public final Map<String, dev.hatch.internal.triggers.TriggerSpec> triggers = new LinkedHashMap<>();
    public boolean jfrContinuous;
    public java.time.Duration jfrMaxAge = java.time.Duration.ofMinutes(15);
    public long jfrMaxSize = 64L << 20;
    public String jfrSettings = "default";
    public final List<String> maskKeys = new ArrayList<>();
    public final Map<String, Command> commands = new LinkedHashMap<>();
    public int virtualThreadLimit = 1000;
    public Duration virtualThreadDumpTimeout = Duration.ofSeconds(20);

    public ReplConfig replConfig() {
        ClassLoader loader = replClassLoader != null ? replClassLoader : Thread.currentThread().getContextClassLoader();
        return new ReplConfig(replEnabled, replTimeout, replMaxSessions, replIdleTimeout, replOutputBytes,
                loader != null ? loader : Hatch.class.getClassLoader(), bindings);
    }

    /** One configured token before it is resolved: the spec is turned into a hash at start. */
    public record TokenConfig(String name, String spec, Set<Scope> scopes) {
    }
}
