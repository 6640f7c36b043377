package dev.hatch.transport;

import dev.hatch.http.HatchRequest;
import java.io.InputStream;
import java.security.cert.X509Certificate;
import java.util.List;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EndPoint;
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

    @Override
    public void abortConnection() {
        // Thread-safe in Jetty: fails whatever read or write is pending on the connection.
        request.getConnectionMetaData().getConnection().getEndPoint().close();
    }

    @Override
    public List<X509Certificate> clientCertificates() {
        if (request.getAttribute(EndPoint.SslSessionData.ATTRIBUTE) instanceof EndPoint.SslSessionData ssl
                && ssl.peerCertificates() != null) {
            return List.of(ssl.peerCertificates());
        }
        return List.of();
    }
}
