package dev.hatch.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code hatch}: the root command and its global options, which may also follow the command
 * name ({@code hatch status --json}). The token comes from {@code --token-file} or
 * {@code HATCH_TOKEN}, never from an argument, so it never shows in the process list.
 */
@Command(name = "hatch", mixinStandardHelpOptions = true, versionProvider = HatchCommand.VersionProvider.class,
        description = "Command-line client for Hatch maintenance endpoints.",
        footer = {"", "Environment: HATCH_URL (default " + Target.DEFAULT + "), HATCH_TOKEN (the token itself).",
                "Exit status: 0 ok, 1 failed, 2 usage, 3 unauthorized (401), 4 forbidden (403), 5 not in this Hatch version (404),",
                "6 try later (429/503), 7 unreachable, 8 TLS failure, 9 time-out. See docs/cli.md."})
final class HatchCommand implements Callable<Integer> {
    /** The commands, in the order {@code --help} lists them; {@link Main#commandLine} registers them. */
    static final java.util.List<Class<?>> COMMANDS = java.util.List.of(StatusCommand.class, ThreadsCommand.class,
            DeadlocksCommand.class, BusiestCommand.class, HeapdumpCommand.class, LeaksCommand.class, ProfileCommand.class,
            ReplCommand.class, AttachCommand.class, FleetCommand.class, AuditCommand.class);

    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    @Option(names = "--url", paramLabel = "URL", scope = ScopeType.INHERIT,
            description = "The endpoint, e.g. http://127.0.0.1:9070/ops (default: HATCH_URL, else " + Target.DEFAULT + ").")
    String url;

    @Option(names = "--token-file", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "File holding the token (default: the HATCH_TOKEN variable).")
    Path tokenFile;

    @Option(names = "--token", hidden = true, scope = ScopeType.INHERIT)
    String tokenArgument;

    @Option(names = "--json", scope = ScopeType.INHERIT, description = "Print the server's JSON as it is, for scripts.")
    boolean json;

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
    final PrintStream out;
    final PrintStream err;

    HatchCommand(Map<String, String> env, PrintStream out, PrintStream err) {
        this.env = env;
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() {
        throw CliException.usage("no command given; hatch --help lists the commands");
    }

    /** The time limit: {@code --timeout}, else the given default. */
    Duration timeout(Duration fallback) {
        return timeout != null ? timeout : fallback;
    }

    /** The endpoint from {@code --url}, {@code HATCH_URL} or the default. */
    Target target() {
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
    String token() {
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

    /** A client for the endpoint, with the global options applied. */
    HatchClient client() {
        return client(target(), timeout(DEFAULT_TIMEOUT));
    }

    /** A client for another endpoint (fleet) with the same token and TLS settings. */
    HatchClient client(Target target, Duration limit) {
        String token = token();
        if (token != null && !target.tls() && !target.loopback()) {
            err.println("hatch: warning: sending the token without TLS to " + target.hostPort() + "; use an https:// URL");
        }
        javax.net.ssl.SSLContext ssl = Tls.context(caCert, cert, key);
        return new HatchClient(target, token, limit, ssl == null && !target.tls() ? PlainHttp.context() : ssl);
    }

    /** Supplies {@code --version}. */
    static final class VersionProvider implements picocli.CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"hatch " + Version.get() + " (Java " + Runtime.version() + ")"};
        }
    }
}
