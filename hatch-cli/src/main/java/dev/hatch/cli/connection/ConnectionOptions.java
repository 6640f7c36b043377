package dev.hatch.cli.connection;

import dev.hatch.cli.output.CliException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.SSLContext;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The options that say which endpoint to call and how to authenticate: {@code --url},
 * {@code --token-file}, {@code --timeout}, {@code --cacert}, {@code --cert} and {@code --key}.
 * A picocli mixin of the root command; its options are inherited, so they may also follow the
 * command name ({@code hatch status --timeout 5s}). The token comes from {@code --token-file} or
 * {@code HATCH_TOKEN}, never from an argument, so it never shows in the process list.
 */
public final class ConnectionOptions {
    /** The time limit when {@code --timeout} is not given. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    @Option(names = "--url", paramLabel = "URL", scope = ScopeType.INHERIT,
            description = "The endpoint, e.g. http://127.0.0.1:9070/ops (default: HATCH_URL, else " + Target.DEFAULT + ").")
    String url;

    @Option(names = "--token-file", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "File holding the token (default: the HATCH_TOKEN variable).")
    Path tokenFile;

    @Option(names = "--token", hidden = true, scope = ScopeType.INHERIT)
    String tokenArgument;

    @Option(names = "--timeout", paramLabel = "DURATION", scope = ScopeType.INHERIT, converter = Durations.class,
            description = "Connect and answer time limit: 30s, 500ms, 2m (default 30s; fleet: per target, default 10s).")
    Duration timeout;

    @Option(names = "--cacert", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "PEM file of the CA(s) to trust for https URLs instead of the JDK's defaults.")
    Path caCert;

    @Option(names = "--cert", paramLabel = "FILE", scope = ScopeType.INHERIT, description = "PEM client certificate for mutual TLS.")
    Path cert;

    @Option(names = "--key", paramLabel = "FILE", scope = ScopeType.INHERIT, description = "PEM (PKCS#8) private key of --cert.")
    Path key;

    private final Map<String, String> env;
    private final PrintStream err;

    /**
     * @param env where {@code HATCH_URL} and {@code HATCH_TOKEN} are looked up
     * @param err where warnings go (a readable token file, a token sent without TLS)
     */
    public ConnectionOptions(Map<String, String> env, PrintStream err) {
        this.env = env;
        this.err = err;
    }

    /** The time limit given with {@code --timeout}, or {@code null}. */
    public Duration timeout() {
        return timeout;
    }

    /** The time limit: {@code --timeout}, else the given default. */
    public Duration timeout(Duration fallback) {
        return timeout != null ? timeout : fallback;
    }

    /** The endpoint from {@code --url}, {@code HATCH_URL} or the default. */
    public Target target() {
        if (url != null) {
            return Target.parse(url, "--url");
        }
        String fromEnv = env.get("HATCH_URL");
        return fromEnv != null && !fromEnv.isBlank() ? Target.parse(fromEnv, "HATCH_URL") : Target.parse(Target.DEFAULT, "default URL");
    }

    /**
     * The token from {@code --token-file} or {@code HATCH_TOKEN}; {@code null} when neither is
     * given but a client certificate is ({@code --cert}): the certificate alone authenticates.
     */
    public String token() {
        if (tokenArgument != null) {
            throw CliException.usage("--token is not accepted: a token on the command line shows in the process list;"
                    + " use --token-file FILE or the HATCH_TOKEN variable");
        }
        String token;
        if (tokenFile != null) {
            try {
                token = Files.readString(tokenFile, StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw CliException.usage("--token-file " + tokenFile + ": cannot read it (" + e.getClass().getSimpleName() + ")");
            }
            warnIfOthersCanRead(tokenFile);
            if (token.isEmpty()) {
                throw CliException.usage("--token-file " + tokenFile + " is empty");
            }
        } else {
            token = env.get("HATCH_TOKEN");
            if ((token == null || token.isBlank()) && cert != null) {
                return null;
            }
            if (token == null || token.isBlank()) {
                throw CliException.usage("no token: pass --token-file FILE or set HATCH_TOKEN (or authenticate with --cert and --key)");
            }
            token = token.strip();
        }
        if (!token.matches("[\\x21-\\x7e]+")) {
            throw CliException.usage("the token contains spaces or control characters; check " + (tokenFile != null ? tokenFile : "HATCH_TOKEN"));
        }
        return token;
    }

    private void warnIfOthersCanRead(Path file) {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            if (perms.contains(PosixFilePermission.OTHERS_READ) || perms.contains(PosixFilePermission.GROUP_READ)) {
                err.println("hatch: warning: " + file + " can be read by other users; chmod 600 " + file);
            }
        } catch (IOException | UnsupportedOperationException e) {
            // not a POSIX file system: nothing to say
        }
    }

    /**
     * The TLS context for clients of these options: the one {@code --cacert}, {@code --cert} and
     * {@code --key} make, else (no https endpoint to call) one that serves plain HTTP only and
     * spares the start-up of the JDK's default context, else {@code null} for the JDK's default.
     */
    public SSLContext sslContext(boolean anyTls) {
        SSLContext ssl = Tls.context(caCert, cert, key);
        return ssl == null && !anyTls ? PlainHttp.context() : ssl;
    }

    /** A client for the endpoint, with these options applied. */
    public HatchClient client() {
        return client(target(), timeout(DEFAULT_TIMEOUT));
    }

    /** A client for the given endpoint and time limit, with this token and these TLS settings. */
    public HatchClient client(Target target, Duration limit) {
        String token = token();
        if (token != null && !target.tls() && !target.loopback()) {
            err.println("hatch: warning: sending the token without TLS to " + target.hostPort() + "; use an https:// URL");
        }
        return new HatchClient(target, token, limit, sslContext(target.tls()));
    }
}
