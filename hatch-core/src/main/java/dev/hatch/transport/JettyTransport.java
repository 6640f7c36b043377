package dev.hatch.transport;

import dev.hatch.Limits;
import dev.hatch.http.Pipeline;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.eclipse.jetty.http.HttpCompliance;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;

/**
 * The standalone transport: Jetty 12's core server (no servlet API), shaded under
 * {@code dev.hatch.internal.shaded}. Request heads are parsed without holding a thread; the
 * worker pool and its queue are bounded; every thread is a named daemon. This is the only
 * class that touches Jetty's request and response types.
 */
public final class JettyTransport implements Closeable {
    private static final System.Logger LOG = System.getLogger("dev.hatch");

    private final Server server;
    private final ServerConnector connector;

    private JettyTransport(Server server, ServerConnector connector) {
        this.server = server;
        this.connector = connector;
    }

    /**
     * Binds and starts the server.
     *
     * @throws UncheckedIOException when the address cannot be bound (e.g. the port is taken)
     */
    public static JettyTransport start(String host, int port, Limits limits, Pipeline pipeline) {
        // Jetty's own jobs (selector tasks) must never be rejected, so the pool queue stays
        // unbounded; requests are bounded by the admission layer in front of the pipeline.
        QueuedThreadPool pool = new QueuedThreadPool(limits.maxThreads() + 2, 2, 60_000);
        pool.setName("hatch-http");
        pool.setDaemon(true);
        ScheduledExecutorScheduler scheduler = new ScheduledExecutorScheduler("hatch-scheduler", true);
        Server server = new Server(pool, scheduler, null);
        server.setStopAtShutdown(false);

        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        http.setRequestHeaderSize(limits.maxHeaderBytes());
        http.setIdleTimeout(limits.idleTimeout().toMillis());
        http.setHttpCompliance(HttpCompliance.RFC9110);
        http.setUriCompliance(UriCompliance.DEFAULT);
        // One acceptor-free selector: accepting and parsing are non-blocking, so no thread waits on a slow client.
        ServerConnector connector = new ServerConnector(server, null, null, null, 0, 1, new HttpConnectionFactory(http));
        connector.setHost(host);
        connector.setPort(port);
        connector.setIdleTimeout(limits.idleTimeout().toMillis());
        connector.setReuseAddress(true);
        server.addConnector(connector);
        server.setHandler(new PipelineHandler(pipeline));
        server.setErrorHandler(new ProblemErrorHandler());
        try {
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
        return new JettyTransport(server, connector);
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

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "stopping the Hatch server failed", e);
        }
    }

    /** Adapts each Jetty request to the pipeline. */
    private static final class PipelineHandler extends Handler.Abstract {
        private final Pipeline pipeline;

        PipelineHandler(Pipeline pipeline) {
            super(InvocationType.BLOCKING);
            this.pipeline = pipeline;
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            JettyResponse res = new JettyResponse(response);
            boolean completed = pipeline.handle(new JettyRequest(request), res);
            if (completed) {
                callback.succeeded();
            } else {
                callback.failed(new EofException("response aborted"));
            }
            return true;
        }
    }
}
