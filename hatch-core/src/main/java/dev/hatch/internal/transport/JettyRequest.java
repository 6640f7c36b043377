package dev.hatch.internal.transport;

import dev.hatch.spi.HatchRequest;
import java.io.InputStream;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.ssl.SslConnection;
import org.eclipse.jetty.server.Request;

/** A Jetty core request seen as a {@link HatchRequest}. */
final class JettyRequest implements HatchRequest {
    private final Request request;

    JettyRequest(Request request) {
        this.request = request;
    }

    @Override
    public String method() {
        return request.getMethod();
    }

    @Override
    public String path() {
        String path = request.getHttpURI().getPath();
        return path == null || path.isEmpty() ? "/" : path;
    }

    @Override
    public String rawQuery() {
        return request.getHttpURI().getQuery();
    }

    @Override
    public String header(String name) {
        return request.getHeaders().get(name);
    }

    @Override
    public int headerCount(String name) {
        return request.getHeaders().getValuesList(name).size();
    }

    @Override
    public String remoteAddress() {
        return Request.getRemoteAddr(request);
    }

    @Override
    public long contentLength() {
        return request.getLength();
    }

    @Override
    public InputStream body() {
        return Content.Source.asInputStream(request);
    }

    @Override
    public boolean secure() {
        return request.isSecure();
    }

    /**
     * Read from the connection's own TLS session, not from a request attribute: Jetty answers
     * {@code getAttribute} with a {@code switch} on the attribute name, compiled to a switch on
     * its precomputed {@code hashCode}; relocation rewrites the name but not the hash, so in the
     * shaded jar the attribute is never found and every certificate was ignored.
     */
    @Override
    public void abortConnection() {
        // Thread-safe in Jetty: fails whatever read or write is pending on the connection.
        request.getConnectionMetaData().getConnection().getEndPoint().close();
    }

    @Override
    public List<X509Certificate> clientCertificates() {
        SSLSession session = sslSession(request.getConnectionMetaData().getConnection().getEndPoint());
        if (session == null) {
            return List.of();
        }
        try {
            List<X509Certificate> chain = new ArrayList<>();
            for (Certificate c : session.getPeerCertificates()) {
                if (!(c instanceof X509Certificate x509)) {
                    return List.of();
                }
                chain.add(x509);
            }
            return List.copyOf(chain);
        } catch (SSLPeerUnverifiedException noCertificate) {
            return List.of();
        }
    }

    private static SSLSession sslSession(EndPoint endPoint) {
        EndPoint e = endPoint;
        for (int depth = 0; e != null && depth < 8; depth++) {
            if (e instanceof SslConnection.SslEndPoint ssl) {
                return ssl.getSslConnection().getSSLEngine().getSession();
            }
            e = e instanceof EndPoint.Wrapper w ? w.unwrap() : null;
        }
        return null;
    }
}
