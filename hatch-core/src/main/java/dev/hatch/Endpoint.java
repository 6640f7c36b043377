package dev.hatch;

import dev.hatch.audit.AuditLog;
import dev.hatch.audit.AuditRoute;
import dev.hatch.heap.HeapDumpRoute;
import dev.hatch.heap.HeapDumper;
import dev.hatch.http.Pipeline;
import dev.hatch.http.Route;
import dev.hatch.http.Router;
import dev.hatch.info.HealthRoute;
import dev.hatch.info.InfoRoutes;
import dev.hatch.security.Authenticator;
import dev.hatch.security.GeneratedToken;
import dev.hatch.security.Masking;
import dev.hatch.security.PrivateFiles;
import dev.hatch.security.TokenSpec;
import dev.hatch.threads.ThreadRoutes;
import dev.hatch.transport.JettyTransport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/** Wires the parts of a running endpoint together and takes them apart again. */
final class Endpoint {
    private static final System.Logger LOG = System.getLogger("dev.hatch");
    private static final long AUDIT_MAX_BYTES = 16L << 20;
    private static final int AUDIT_FILES = 5;

    private final List<AutoCloseable> resources;
    private final JettyTransport transport;
    private final String host;
    private final GeneratedToken generated;
    private final AuditLog audit;
    private final HeapDumper dumper;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Endpoint(List<AutoCloseable> resources, JettyTransport transport, String host, GeneratedToken generated,
                     AuditLog audit, HeapDumper dumper) {
        this.resources = resources;
        this.transport = transport;
        this.host = host;
        this.generated = generated;
        this.audit = audit;
        this.dumper = dumper;
    }

    static Endpoint start(Hatch.Builder b) {
        Limits limits = b.limits.build();
        String host = checkHost(b.host);
        List<AutoCloseable> resources = new ArrayList<>();
        GeneratedToken generated = null;
        try {
            Path state = PrivateFiles.defaultStateDirectory();
            List<Authenticator.Entry> entries = new ArrayList<>();
            for (Hatch.TokenConfig t : b.tokens.values()) {
                entries.add(new Authenticator.Entry(t.name(), TokenSpec.resolve("hatch.token." + t.name(), t.spec()), t.scopes()));
            }
            if (entries.isEmpty()) {
                generated = GeneratedToken.create(state);
                entries.add(new Authenticator.Entry(GeneratedToken.PRINCIPAL, generated.sha256(),
                        EnumSet.of(Scope.MONITOR, Scope.DUMP, Scope.OPERATE, Scope.ADMIN)));
            }
            long pid = ProcessHandle.current().pid();
            AuditLog audit = new AuditLog(b.auditFile != null ? b.auditFile : state.resolve("audit-" + pid + ".jsonl"),
                    AUDIT_MAX_BYTES, AUDIT_FILES, 1000);
            resources.add(audit);
            HeapDumper dumper = new HeapDumper(b.dumpDir != null ? b.dumpDir : state.resolve("dumps"));
            HealthRoute health = new HealthRoute(b.healthChecks, limits.healthTimeout());
            resources.add(health);

            AtomicReference<Router> routerRef = new AtomicReference<>();
            List<Route> routes = new ArrayList<>();
            routes.addAll(new InfoRoutes(routerRef::get, b.info, new Masking(List.of())).routes());
            routes.add(health.route());
            routes.addAll(new ThreadRoutes().routes());
            routes.addAll(new HeapDumpRoute(dumper).routes());
            Memory memory = Memory.create(b, dumper, audit, resources);
            routes.addAll(memory.routes());
            routes.addAll(new AuditRoute(audit).routes());
            Router router = new Router(routes);
            routerRef.set(router);

            Pipeline pipeline = new Pipeline(router, new Authenticator(entries), audit, b.publicRoutes,
                    limits.maxUrlLength(), limits.maxQueryParameters(), limits.maxBodyBytes());
            JettyTransport transport = JettyTransport.start(host, b.port, limits, pipeline);
            resources.add(0, transport);
            memory.start();
            Endpoint endpoint = new Endpoint(resources, transport, host, generated, audit, dumper);
            LOG.log(System.Logger.Level.INFO, "Hatch {0} listening on {1}{2}", Hatch.version(), endpoint.url(),
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

    private static String checkHost(String host) {
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new ConfigException("hatch.host: cannot resolve '" + host + "'", e);
        }
        if (!address.isLoopbackAddress()) {
            throw new ConfigException("hatch.host=" + host + " is not a loopback address; an endpoint reachable from other"
                    + " machines needs TLS, which this version does not offer yet. Use 127.0.0.1 and reach it through"
                    + " an SSH tunnel or kubectl port-forward");
        }
        return address.getHostAddress();
    }

    int port() {
        return transport.port();
    }

    String host() {
        return host;
    }

    URI url() {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return URI.create("http://" + h + ":" + port() + "/ops");
    }

    Path generatedTokenFile() {
        return generated == null ? null : generated.file();
    }

    Path auditFile() {
        return audit.file();
    }

    Path dumpDirectory() {
        return dumper.directory();
    }

    void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        cleanUp(resources, generated);
    }
}
