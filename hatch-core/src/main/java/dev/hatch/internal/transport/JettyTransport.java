package dev.hatch.internal.transport;

import dev.hatch.Limits;
import dev.hatch.Tls;
import dev.hatch.internal.http.Pipeline;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.LinkedBlockingQueue;
import javax.net.ssl.SSLContext;
import org.eclipse.jetty.http.HttpCompliance;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The standalone transport: Jetty 12's core server (no servlet API), shaded under
 * {@code dev.hatch.internal.shaded}. Request heads are parsed without holding a thread; a
 * {@link ConnectionGuard} adds the connection caps and head deadlines Jetty lacks; the
 * {@link Pipeline} bounds the handlers running at once. Every thread is a named daemon. This
 * is the only package that touches Jetty.
 */
public final class JettyTransport implements Closeable {
    private static final System.Logger LOG = System.getLogger("dev.hatch");
    /** Threads beyond the handler slots: the selector, parsing, and quick refusals while every slot is busy. */
    private static final int SPARE_THREADS = 6;
    private static final int IDLE_WORKER_MS = 10_000;
    /** The cipher suites offered (regular expressions over the JDK's names). */
    static final String[] AEAD_SUITES = {
        "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
        "TLS_ECDHE_(ECDSA|RSA)_WITH_AES_(128_GCM_SHA256|256_GCM_SHA384)", "TLS_ECDHE_(ECDSA|RSA)_WITH_CHACHA20_POLY1305_SHA256",
    };

    /**
     * What Jetty's start and a request's way through it load first, each with its supertypes: the
     * first request of a process otherwise loads and initialises them itself (about 350 classes,
     * 0.1 s here; {@code MimeTypes} alone reads a resource bundle, which sets up the JDK's locale
     * data). See {@link #warmUp()}.
     */
    private static final class RequestPath {
        /** Class literals load their classes with the class that holds them: here, only when asked. */
        static final Class<?>[] CLASSES = {
            Server.class, ServerConnector.class, HttpConnectionFactory.class, HttpConfiguration.class,
            QueuedThreadPool.class, org.eclipse.jetty.util.thread.ReservedThreadExecutor.class,
            org.eclipse.jetty.util.thread.strategy.AdaptiveExecutionStrategy.class, org.eclipse.jetty.io.ArrayByteBufferPool.class,
            org.eclipse.jetty.io.ManagedSelector.class, org.eclipse.jetty.io.SocketChannelEndPoint.class,
            org.eclipse.jetty.server.internal.HttpConnection.class, org.eclipse.jetty.server.internal.HttpChannelState.class,
            org.eclipse.jetty.server.internal.ResponseHttpFields.class, org.eclipse.jetty.server.internal.CachedQueryFields.class,
            org.eclipse.jetty.http.MimeTypes.class, org.eclipse.jetty.http.HttpParser.class, org.eclipse.jetty.http.HttpGenerator.class,
            org.eclipse.jetty.http.HttpHeader.class, org.eclipse.jetty.http.HttpHeaderValue.class, org.eclipse.jetty.http.HttpMethod.class,
            org.eclipse.jetty.http.HttpVersion.class, org.eclipse.jetty.http.HttpStatus.class, org.eclipse.jetty.http.HttpURI.class,
            org.eclipse.jetty.http.HttpFields.Mutable.class, org.eclipse.jetty.http.HostPortHttpField.class,
            org.eclipse.jetty.http.DateGenerator.class, HttpCompliance.class, UriCompliance.class,
            org.eclipse.jetty.http.CookieCompliance.class, org.eclipse.jetty.util.Utf8StringBuilder.class,
            org.eclipse.jetty.io.content.ContentSourceInputStream.class, org.eclipse.jetty.io.content.BufferedContentSink.class,
            org.eclipse.jetty.server.handler.ErrorHandler.class, Callback.class,
        };
    }

    private final Server server;
    private final ServerConnector connector;
    private final ConnectionGuard guard;
    private final boolean secure;

    private JettyTransport(Server server, ServerConnector connector, ConnectionGuard guard, boolean secure) {
        this.server = server;
        this.connector = connector;
        this.guard = guard;
        this.secure = secure;
    }

    /**
     * Binds and starts the server.
     *
     * @param tls the server's TLS context, or {@code null} for plain HTTP (loopback only)
     * @param clientAuth whether client certificates are requested (ignored without TLS)
     * @throws UncheckedIOException when the address cannot be bound (e.g. the port is taken)
     */
    public static JettyTransport start(String host, int port, Limits limits, SSLContext tls, Tls.ClientAuth clientAuth,
                                       Pipeline pipeline) {
        return start(host, port, limits, tls, clientAuth, pipeline, null);
    }

    /**
     * {@link #start(String, int, Limits, SSLContext, Tls.ClientAuth, Pipeline)} on a channel bound
     * already (a deferred start), or binding its own when {@code bound} is null.
     */
    public static JettyTransport start(String host, int port, Limits limits, SSLContext tls, Tls.ClientAuth clientAuth,
                                       Pipeline pipeline, java.nio.channels.ServerSocketChannel bound) {
        // Jetty's own jobs (selector tasks) must never be rejected, so the queue is unbounded; the
        // jobs it holds are bounded by the connection caps (one request at a time per connection)
        // and the handlers running at once by the pipeline's admission.
        // One thread while idle (the selector); workers come with requests and go 10 s after the
        // last one: a maintenance endpoint is idle most of its life, and a thread costs ~0.1 ms to start.
        // A JDK queue, not Jetty's default BlockingArrayQueue: that class's initialisation builds the
        // JVM's platform MBean server (every platform bean, JFR's included) to read one VM option.
        QueuedThreadPool pool = new QueuedThreadPool(limits.maxThreads() + limits.maxQueuedRequests() + SPARE_THREADS, 1,
                IDLE_WORKER_MS, new LinkedBlockingQueue<>());
        pool.setMaxEvictCount(Integer.MAX_VALUE); // all idle workers at once, not one per idle period
        pool.setName("hatch-http");
        pool.setDaemon(true);
        pool.setReservedThreads(0);
        TimerScheduler scheduler = new TimerScheduler();
        Server server = new Server(pool, scheduler, null);
        server.setStopAtShutdown(false);

        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        http.setRequestHeaderSize(limits.maxHeaderBytes());
        http.setIdleTimeout(limits.idleTimeout().toMillis());
        http.setHttpCompliance(HttpCompliance.RFC9110);
        http.setUriCompliance(UriCompliance.DEFAULT);
        ConnectionGuard guard = new ConnectionGuard(limits, scheduler,
                (client, outcome, detail) -> pipeline.refusedByTransport(client, outcome, 0, detail));
        HttpConnectionFactory h1 = new HttpConnectionFactory(http);
        h1.addEventListener(guard);
        ServerConnector connector;
        if (tls != null) {
            http.addCustomizer(new SecureRequestCustomizer(false));
            SslContextFactory.Server ssl = new SslContextFactory.Server();
            ssl.setSslContext(tls);
            ssl.setIncludeProtocols("TLSv1.3", "TLSv1.2");
            // TLS 1.3's suites are all AEAD; in TLS 1.2 only ECDHE with GCM or ChaCha20-Poly1305: no CBC, no static RSA.
            ssl.setIncludeCipherSuites(AEAD_SUITES);
            ssl.setNeedClientAuth(clientAuth == Tls.ClientAuth.NEED);
            ssl.setWantClientAuth(clientAuth == Tls.ClientAuth.WANT);
            ssl.setSniRequired(false);
            connector = new ServerConnector(server, null, null, null, 0, 1, new SslConnectionFactory(ssl, h1.getProtocol()), h1);
        } else {
            // No acceptor thread, one selector: accepting and parsing are non-blocking, so no thread waits on a slow client.
            connector = new ServerConnector(server, null, null, null, 0, 1, h1);
        }
        connector.setHost(host);
        connector.setPort(port);
        connector.setIdleTimeout(limits.idleTimeout().toMillis());
        connector.setReuseAddress(true);
        server.addConnector(connector);
        server.setHandler(new PipelineHandler(pipeline, guard));
        server.setErrorHandler(new ProblemErrorHandler(pipeline));
        try {
            if (bound != null) {
                connector.open(bound);
            }
            server.start();
        } catch (Exception e) {
            try {
                server.stop();
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new UncheckedIOException("cannot listen on " + host + ":" + port + ": " + rootMessage(e),
                    e instanceof IOException io ? io : new IOException(e));
        }
        return new JettyTransport(server, connector, guard, tls != null);
    }

    /**
     * Loads and initialises the classes of the request path (see {@link RequestPath}) on the calling thread, so that
     * the first request does not. Never throws.
     *
     * @return how many of them could not be loaded (0 unless the shaded jar lost one)
     */
    public static int warmUp() {
        int missing = 0;
        ClassLoader loader = JettyTransport.class.getClassLoader();
        for (Class<?> c : RequestPath.CLASSES) {
            try {
                Class.forName(c.getName(), true, loader);
            } catch (Throwable e) {
                missing++;
            }
        }
        return missing;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    /** The bound port. */
    public int port() {
        return connector.getLocalPort();
    }

    /** Whether the server speaks TLS. */
    public boolean secure() {
        return secure;
    }

    /** Connections open right now (for tests and metrics). */
    public int openConnections() {
        return guard.open();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "stopping the Hatch server failed", e);
        }
    }

    /** Adapts each Jetty request to the pipeline and tells the guard when a request head was complete and when it ends. */
    private static final class PipelineHandler extends Handler.Abstract {
        private final Pipeline pipeline;
        private final ConnectionGuard guard;

        PipelineHandler(Pipeline pipeline, ConnectionGuard guard) {
            super(InvocationType.BLOCKING);
            this.pipeline = pipeline;
            this.guard = guard;
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            Connection connection = request.getConnectionMetaData().getConnection();
            guard.requestStarted(connection);
            JettyResponse res = new JettyResponse(response);
            boolean completed = pipeline.handle(new JettyRequest(request), res);
            if (completed) {
                // Armed before completing: completion lets the next request on this connection start.
                guard.requestEnded(connection);
                callback.succeeded();
            } else {
                callback.failed(new EofException("response aborted"));
            }
            return true;
        }
    }
}
