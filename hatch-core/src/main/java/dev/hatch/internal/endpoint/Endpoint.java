package dev.hatch.internal.endpoint;

import dev.hatch.ConfigException;
import dev.hatch.Hatch;
import dev.hatch.Limits;
import dev.hatch.Scope;
import dev.hatch.internal.audit.AuditChain;
import dev.hatch.internal.audit.AuditLog;
import dev.hatch.internal.audit.AuditRoute;
import dev.hatch.internal.commands.CommandRoutes;
import dev.hatch.internal.config.Durations;
import dev.hatch.internal.config.Settings;
import dev.hatch.internal.console.ConsoleRoutes;
import dev.hatch.internal.heap.HeapDumpRoute;
import dev.hatch.internal.heap.HeapDumper;
import dev.hatch.internal.http.Capability;
import dev.hatch.internal.http.DataRates;
import dev.hatch.internal.http.Pipeline;
import dev.hatch.internal.http.Route;
import dev.hatch.internal.http.Router;
import dev.hatch.internal.info.EnvRoute;
import dev.hatch.internal.info.HealthRoute;
import dev.hatch.internal.info.InfoRoutes;
import dev.hatch.internal.jfr.JfrRoutes;
import dev.hatch.internal.triggers.Bundle;
import dev.hatch.internal.loggers.LoggerRoutes;
import dev.hatch.internal.memory.GcRoute;
import dev.hatch.internal.memory.Memory;
import dev.hatch.internal.metrics.MetricsRoute;
import dev.hatch.internal.repl.ReplRoutes;
import dev.hatch.internal.security.Admission;
import dev.hatch.internal.security.Authenticator;
import dev.hatch.internal.security.CertificatePrincipals;
import dev.hatch.internal.security.GeneratedToken;
import dev.hatch.internal.security.Masking;
import dev.hatch.internal.security.PrivateFiles;
import dev.hatch.internal.security.SecretSpec;
import dev.hatch.internal.security.TokenSpec;
import dev.hatch.internal.threads.ThreadRoutes;
import dev.hatch.internal.transport.JettyTransport;
import dev.hatch.spi.HatchRequest;
import dev.hatch.spi.HatchResponse;
import dev.hatch.spi.Mounted;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;

/** Wires the parts of a running endpoint together and takes them apart again. */
public final class Endpoint {
    /** How often the head of the audit chain is published while it grows. */
    private static final java.time.Duration AUDIT_ANCHOR_INTERVAL = java.time.Duration.ofMinutes(5);

    private final List<AutoCloseable> resources;
    private final JettyTransport transport;
    private final Pipeline pipeline;
    private final String host;
    private final GeneratedToken generated;
    private final AuditLog audit;
    private final HeapDumper dumper;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Endpoint(List<AutoCloseable> resources, JettyTransport transport, Pipeline pipeline, String host,
                     GeneratedToken generated, AuditLog audit, HeapDumper dumper) {
        this.resources = resources;
        this.transport = transport;
        this.pipeline = pipeline;
        this.host = host;
        this.generated = generated;
        this.audit = audit;
        this.dumper = dumper;
    }

    public static Endpoint start(Settings b) {
        return create(b, true);
    }

    /**
     * What is settled before anything runs: the configuration checked, the address resolved, TLS
     * loaded, the tokens resolved and, without any, one generated and written to its file. Cheap
     * next to the rest, so that a deferred start can report its URL and token file at once.
     */
    public record Prepared(Limits limits, String host, SSLContext tls, CertificatePrincipals certificatePrincipals, Path state,
                           List<Authenticator.Entry> entries, List<String> secretVariables, List<byte[]> secretHashes,
                           GeneratedToken generated) {
        /** The generated token's file, or null. */
        public Path generatedTokenFile() {
            return generated == null ? null : generated.file();
        }

        /** Deletes the generated token's file: for a start abandoned before {@link #build}. */
        public void abandon() {
            if (generated != null) {
                generated.delete();
            }
        }

        /** The URL of an endpoint bound to {@code port}. */
        public URI url(int port) {
            String h = host.contains(":") ? "[" + host + "]" : host;
            return URI.create((tls != null ? "https://" : "http://") + h + ":" + port + Route.PREFIX);
        }
    }

    /** Builds every part; {@code listen=false} builds the pipeline only, for adapters such as the servlet. */
    public static Endpoint create(Settings b, boolean listen) {
        return build(b, prepare(b), listen, null);
    }

    /**
     * Binds the endpoint's address (blocking mode), for a start that builds the server later on
     * this channel: clients can connect at once, and wait in the backlog until it is built.
     */
    public static ServerSocketChannel bind(Prepared p, int port) {
        ServerSocketChannel channel = null;
        try {
            channel = ServerSocketChannel.open();
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            channel.bind(new InetSocketAddress(p.host(), port), 0);
            return channel;
        } catch (IOException e) {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // failing anyway
                }
            }
            p.abandon();
            throw new UncheckedIOException("cannot listen on " + p.host() + ":" + port + ": " + e.getMessage(), e);
        }
    }

    /** The first step of {@link #create}: see {@link Prepared}. */
    public static Prepared prepare(Settings b) {
        Limits limits = b.limitsBuilder.build();
        String host = checkHost(b.host, b.tls.configured());
        SSLContext tls = TlsSetup.context(b.tls);
        CertificatePrincipals certificatePrincipals = TlsSetup.principals(b.tls, b.tokens.keySet());
        GeneratedToken generated = null;
        try {
            Path state = PrivateFiles.defaultStateDirectory();
            List<Authenticator.Entry> entries = new ArrayList<>();
            // Every secret of the configuration is masked wherever Hatch shows the environment:
            // the variables its env: specs name, and any value equal to one of its secrets.
            List<String> secretVariables = new ArrayList<>();
            List<byte[]> secretHashes = new ArrayList<>();
            for (Settings.TokenConfig t : b.tokens.values()) {
                byte[] sha256 = TokenSpec.resolve("hatch.token." + t.name(), t.spec());
                entries.add(new Authenticator.Entry(t.name(), sha256, t.scopes()));
                secretHashes.add(sha256);
                addVariable(secretVariables, t.spec());
            }
            if (b.tls.keyStorePassword != null) {
                addVariable(secretVariables, b.tls.keyStorePassword);
                secretHashes.add(SecretSpec.sha256("hatch.tls.keystore-password", b.tls.keyStorePassword));
            }
            if (b.auditKey != null) {
                addVariable(secretVariables, b.auditKey);
                secretHashes.add(SecretSpec.sha256("hatch.audit.key", b.auditKey));
            }
            if (entries.isEmpty() && certificatePrincipals.isEmpty()) {
                GeneratedToken.removeStale(state);
                generated = GeneratedToken.create(state);
                entries.add(new Authenticator.Entry(GeneratedToken.PRINCIPAL, generated.sha256(),
                        EnumSet.of(Scope.MONITOR, Scope.DUMP, Scope.OPERATE, Scope.ADMIN)));
                secretHashes.add(generated.sha256());
            }
            return new Prepared(limits, host, tls, certificatePrincipals, state, entries, secretVariables, secretHashes, generated);
        } catch (IOException e) {
            if (generated != null) {
                generated.delete();
            }
            throw new UncheckedIOException("Hatch cannot start: " + e.getMessage(), e);
        } catch (RuntimeException | Error e) {
            if (generated != null) {
                generated.delete();
            }
            throw e;
        }
    }

    /**
     * The second step: the audit log, the capabilities, the pipeline and, with {@code listen},
     * the server, on {@code channel} when one was bound already.
     */
    public static Endpoint build(Settings b, Prepared p, boolean listen, ServerSocketChannel channel) {
        Limits limits = p.limits();
        String host = p.host();
        SSLContext tls = p.tls();
        CertificatePrincipals certificatePrincipals = p.certificatePrincipals();
        GeneratedToken generated = p.generated();
        List<Authenticator.Entry> entries = p.entries();
        List<String> secretVariables = p.secretVariables();
        List<byte[]> secretHashes = p.secretHashes();
        Path state = p.state();
        List<AutoCloseable> resources = new ArrayList<>();
        try {
            long pid = ProcessHandle.current().pid();
            AuditLog audit = new AuditLog(new AuditLog.Settings(
                    b.auditFile != null ? b.auditFile : state.resolve("audit-" + pid + ".jsonl"),
                    limits.auditMaxBytes(), limits.auditFiles(), 1000, limits.auditSummaryAfter(), limits.auditSummaryInterval(),
                    auditKey(b.auditKey), b.auditRefuseScopes, AUDIT_ANCHOR_INTERVAL));
            resources.add(audit);
            HeapDumper dumper = new HeapDumper(b.dumpDir != null ? b.dumpDir : state.resolve("dumps"), limits.dumpCooldown())
                    .reserve(limits.dumpReserveBytes());
            // The capabilities, each registered as soon as it is built, so that a failure further
            // on closes the ones that started threads or took files.
            Masking masking = new Masking(b.maskKeys, secretVariables, secretHashes);
            List<Capability> capabilities = new ArrayList<>();
            Consumer<Capability> plug = c -> {
                resources.add(c);
                capabilities.add(c);
            };
            plug.accept(new InfoRoutes(b.info, masking));
            plug.accept(new EnvRoute(masking));
            plug.accept(new HealthRoute(b.healthChecks, limits.healthTimeout()));
            ThreadRoutes threadRoutes = new ThreadRoutes(dumper.directory(), b.virtualThreadLimit, b.virtualThreadDumpTimeout);
            plug.accept(threadRoutes);
            plug.accept(new GcRoute());
            plug.accept(new CommandRoutes(b.commands.values(), masking));
            plug.accept(new HeapDumpRoute(dumper));
            Bundle bundle = new Bundle();
            Memory memory = Memory.create(b, dumper, audit, resources, bundle);
            plug.accept(memory);
            plug.accept(new AuditRoute(audit));
            plug.accept(new ReplRoutes(b.replConfig(), state.resolve("repl-" + pid + "-" + Long.toHexString(System.nanoTime()))));
            JfrRoutes jfr = new JfrRoutes(dumper.directory(), b.jfrContinuous, b.jfrMaxAge, b.jfrMaxSize, b.jfrSettings, masking);
            plug.accept(jfr);
            // The bundle's sections after Memory's own (container, NMT, histogram): threads, then
            // the largest, the recording's last five minutes.
            bundle.add("threads.txt", 8L << 20, out -> {
                threadRoutes.writeText(out);
                return "platform threads only";
            });
            if (jfr.recordsContinuously()) {
                java.time.Duration last = b.jfrMaxAge.compareTo(java.time.Duration.ofMinutes(5)) < 0 ? b.jfrMaxAge
                        : java.time.Duration.ofMinutes(5);
                bundle.add("jfr-last-" + last.toSeconds() + "s.jfr", b.jfrMaxSize, out -> jfr.writeRecent(out, last));
            }
            plug.accept(new LoggerRoutes(Thread.currentThread().getContextClassLoader(), Durations::parse));
            MetricsRoute metrics = new MetricsRoute(Hatch.version());
            plug.accept(metrics);
            memory.addMetrics(metrics);
            plug.accept(new ConsoleRoutes(ConsoleRoutes.serviceName(b.info), generated == null ? null : generated.file()));
            List<Route> routes = new ArrayList<>();
            for (Capability c : capabilities) {
                routes.addAll(c.routes());
            }
            Router router = new Router(routes);

            DataRates rates = new DataRates(limits);
            resources.add(rates);
            Pipeline pipeline = new Pipeline(router, new Authenticator(entries, certificatePrincipals), audit, b.publicRoutes,
                    limits, new Admission(limits), rates);
            metrics.addRequestMetrics(pipeline.requestMetrics());
            metrics.addSource(audit.metrics());
            JettyTransport transport = listen
                    ? JettyTransport.start(host, b.port, limits, tls, b.tls.effectiveClientAuth(), pipeline, channel) : null;
            if (transport != null) {
                resources.add(0, transport);
            }
            for (Capability c : capabilities) {
                c.start();
            }
            Endpoint endpoint = new Endpoint(resources, transport, pipeline, host, generated, audit, dumper);
            log().log(System.Logger.Level.INFO, "Hatch {0} {1}{2}", Hatch.version(),
                    listen ? "listening on " + endpoint.url() : "mounted in the application's server",
                    generated == null ? "" : " (generated token in " + generated.file() + ")");
            return endpoint;
        } catch (IOException e) {
            cleanUp(resources, generated);
            throw new UncheckedIOException("Hatch cannot start: " + e.getMessage(), e);
        } catch (RuntimeException | Error e) {
            cleanUp(resources, generated);
            throw e;
        }
    }

    private static void addVariable(List<String> variables, String spec) {
        String variable = SecretSpec.variable(spec);
        if (variable != null) {
            variables.add(variable);
        }
    }

    /** The audit chain's HMAC key from its spec, or {@code null} without one. */
    private static byte[] auditKey(String spec) {
        if (spec == null) {
            return null;
        }
        char[] chars = SecretSpec.read("hatch.audit.key", spec);
        byte[] key = new String(chars).getBytes(StandardCharsets.UTF_8);
        java.util.Arrays.fill(chars, '\0');
        if (key.length < AuditChain.MIN_KEY_BYTES) {
            throw new ConfigException("hatch.audit.key: the key is shorter than " + AuditChain.MIN_KEY_BYTES
                    + " bytes; use e.g. openssl rand -base64 32");
        }
        return key;
    }

    private static void cleanUp(List<AutoCloseable> resources, GeneratedToken generated) {
        for (AutoCloseable c : resources) {
            try {
                c.close();
            } catch (Exception ignored) {
                // best effort while failing to start
            }
        }
        if (generated != null) {
            generated.delete();
        }
    }

    private static String checkHost(String host, boolean tls) {
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new ConfigException("hatch.host: cannot resolve '" + host + "'", e);
        }
        if (!address.isLoopbackAddress() && !tls) {
            throw new ConfigException("hatch.host=" + host + " is not a loopback address; an endpoint reachable from other"
                    + " machines needs TLS: configure hatch.tls.cert and hatch.tls.key (PEM) or hatch.tls.keystore and"
                    + " hatch.tls.keystore-password (PKCS#12), or keep 127.0.0.1 and reach it through an SSH tunnel or"
                    + " kubectl port-forward");
        }
        return address.getHostAddress();
    }

    public int port() {
        return transport == null ? -1 : transport.port();
    }

    public Pipeline pipeline() {
        return pipeline;
    }

    public String host() {
        return host;
    }

    public URI url() {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return URI.create((transport != null && transport.secure() ? "https://" : "http://") + h + ":" + port() + Route.PREFIX);
    }

    public int openConnections() {
        return transport == null ? 0 : transport.openConnections();
    }

    public Path generatedTokenFile() {
        return generated == null ? null : generated.file();
    }

    public Path auditFile() {
        return audit.file();
    }

    public Path dumpDirectory() {
        return dumper.directory();
    }

    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        cleanUp(resources, generated);
    }

    /** This endpoint as an adapter mounts it in another server. */
    public Mounted mounted() {
        return new Mounted() {
            @Override
            public boolean handle(HatchRequest request, HatchResponse response) {
                return pipeline.handle(request, response);
            }

            @Override
            public Optional<Path> generatedTokenFile() {
                return Optional.ofNullable(Endpoint.this.generatedTokenFile());
            }

            @Override
            public Path auditFile() {
                return Endpoint.this.auditFile();
            }

            @Override
            public Path dumpDirectory() {
                return Endpoint.this.dumpDirectory();
            }

            @Override
            public void close() {
                Endpoint.this.close();
            }
        };
    }

    /** Looked up when first needed: the lookup initialises the JDK's logging, which a light start defers. */
    private static System.Logger log() {
        return System.getLogger("dev.hatch");
    }
}
