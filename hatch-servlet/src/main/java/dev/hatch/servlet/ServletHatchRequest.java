package dev.hatch.servlet;

import dev.hatch.spi.HatchRequest;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.cert.X509Certificate;
import java.util.List;

/** A servlet request seen as a {@link HatchRequest}; the path is the servlet path plus path info. */
final class ServletHatchRequest implements HatchRequest {
    private final HttpServletRequest request;
    private final ClientAddressSource clientAddress;

    ServletHatchRequest(HttpServletRequest request, ClientAddressSource clientAddress) {
        this.request = request;
        this.clientAddress = clientAddress;
    }

    @Override
    public String method() {
        return request.getMethod();
    }

    @Override
    public String path() {
        String info = request.getPathInfo();
        String path = request.getServletPath() + (info == null ? "" : info);
        return path.isEmpty() ? "/" : path;
    }

    @Override
    public String rawQuery() {
        return request.getQueryString();
    }

    @Override
    public String header(String name) {
        return request.getHeader(name);
    }

    @Override
    public int headerCount(String name) {
        int n = 0;
        for (var values = request.getHeaders(name); values != null && values.hasMoreElements(); values.nextElement()) {
            n++;
        }
        return n;
    }

    @Override
    public String remoteAddress() {
        return clientAddress.clientAddress(request);
    }

    @Override
    public long contentLength() {
        return request.getContentLengthLong();
    }

    @Override
    public InputStream body() {
        try {
            return request.getInputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public boolean secure() {
        return request.isSecure();
    }

    @Override
    public List<X509Certificate> clientCertificates() {
        Object certs = request.getAttribute("jakarta.servlet.request.X509Certificate");
        return certs instanceof X509Certificate[] array ? List.of(array) : List.of();
    }
}
