package dev.hatch.agent;

import dev.hatch.TestPki;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;

/** TLS clients for the shipped-jar tests: a real HTTPS client and a raw HTTP/1.1 exchange over TLS. */
final class TlsClients {
    private TlsClients() {
    }

    /** What a raw exchange got back. */
    record RawResponse(int status, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** GET with the given TLS context and parameters (null: the context's defaults) and token (null: none). */
    static HttpResponse<String> get(SSLContext ctx, SSLParameters params, URI uri, String token) throws IOException {
        return send(ctx, params, uri, token, HttpResponse.BodyHandlers.ofString());
    }

    static <T> HttpResponse<T> send(SSLContext ctx, SSLParameters params, URI uri, String token, HttpResponse.BodyHandler<T> handler)
            throws IOException {
        HttpClient.Builder cb = HttpClient.newBuilder().sslContext(ctx).connectTimeout(Duration.ofSeconds(5));
        if (params != null) {
            cb.sslParameters(params);
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).GET();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        try {
            return cb.build().send(b.build(), handler);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** TLS 1.2 only, offering exactly one cipher suite. */
    static SSLParameters tls12With(SSLContext ctx, String suite) {
        SSLParameters p = ctx.getDefaultSSLParameters();
        p.setProtocols(new String[] {"TLSv1.2"});
        p.setCipherSuites(new String[] {suite});
        return p;
    }

    /**
     * A client context that presents the given certificate whatever CAs the server asks for: the
     * JDK's own key manager would quietly send no certificate to a server that names another CA.
     */
    static SSLContext presentingAnyway(TestPki.Held ca, TestPki.Held client) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", ca.certificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        KeyManager km = new X509ExtendedKeyManager() {
            @Override
            public String[] getClientAliases(String keyType, Principal[] issuers) {
                return new String[] {"client"};
            }

            @Override
            public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
                return "client";
            }

            @Override
            public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
                return "client";
            }

            @Override
            public String[] getServerAliases(String keyType, Principal[] issuers) {
                return new String[0];
            }

            @Override
            public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
                return null;
            }

            @Override
            public X509Certificate[] getCertificateChain(String alias) {
                return new X509Certificate[] {client.certificate()};
            }

            @Override
            public PrivateKey getPrivateKey(String alias) {
                return client.keys().getPrivate();
            }
        };
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(new KeyManager[] {km}, tmf.getTrustManagers(), new SecureRandom());
        return ctx;
    }

    /**
     * Sends the bytes over TLS and reads the response to the end (the server closes after a
     * refusal). Only for short answers: status line, headers, and a body up to 64 KB.
     */
    static RawResponse raw(SSLContext ctx, int port, byte[] request) throws IOException {
        try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout(30_000);
            s.startHandshake();
            OutputStream out = s.getOutputStream();
            try {
                out.write(request);
                out.flush();
            } catch (SocketException e) {
                // the server may answer and close before it has read everything sent; read what it said
            }
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[8192];
            try {
                int n;
                while ((n = in.read(buf)) > 0 && got.size() < 65536) {
                    got.write(buf, 0, n);
                }
            } catch (SocketException e) {
                // reset after the answer: keep what arrived
            }
            return parse(got.toString(StandardCharsets.ISO_8859_1));
        }
    }

    private static RawResponse parse(String text) {
        int end = text.indexOf("\r\n\r\n");
        if (!text.startsWith("HTTP/1.1 ") || end < 0) {
            throw new AssertionError("not an HTTP/1.1 response: " + text);
        }
        String[] lines = text.substring(0, end).split("\r\n");
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
        return new RawResponse(Integer.parseInt(lines[0].substring(9, 12)), headers, text.substring(end + 4));
    }
}
