package dev.hatch.agent;

import dev.hatch.TestPki;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
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

/** TLS clients for the shipped-jar tests: a real HTTPS client, a raw HTTP/1.1 exchange over TLS, a raw TLS 1.1 hello. */
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

    /** What the server sent back to a TLS 1.1 ClientHello. */
    enum HelloAnswer { ALERT, CLOSED, SERVER_HELLO, OTHER }

    /**
     * Writes a TLS 1.1 ClientHello by hand (the JDK's own client refuses to send one) offering
     * only CBC suites, the only kind TLS 1.1 has, and reads the first record of the answer.
     */
    static HelloAnswer tls11Hello(int port) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(0x03);
        body.write(0x02); // client_version TLS 1.1
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        body.writeBytes(random);
        body.write(0); // no session id
        int[] suites = {0xC009, 0xC00A, 0xC013, 0xC014, 0x002F, 0x0035};
        body.write(0);
        body.write(suites.length * 2);
        for (int suite : suites) {
            body.write(suite >> 8);
            body.write(suite & 0xff);
        }
        body.write(1);
        body.write(0); // compression: null only
        byte[] extensions = {
            0x00, 0x0a, 0x00, 0x04, 0x00, 0x02, 0x00, 0x17, // supported_groups: secp256r1
            0x00, 0x0b, 0x00, 0x02, 0x01, 0x00, // ec_point_formats: uncompressed
        };
        body.write(0);
        body.write(extensions.length);
        body.writeBytes(extensions);
        byte[] hello = body.toByteArray();
        ByteArrayOutputStream record = new ByteArrayOutputStream();
        record.writeBytes(new byte[] {0x16, 0x03, 0x02});
        int handshakeLength = hello.length + 4;
        record.write(handshakeLength >> 8);
        record.write(handshakeLength & 0xff);
        record.write(0x01); // ClientHello
        record.write(0);
        record.write(hello.length >> 8);
        record.write(hello.length & 0xff);
        record.writeBytes(hello);
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout(30_000);
            s.getOutputStream().write(record.toByteArray());
            s.getOutputStream().flush();
            DataInputStream in = new DataInputStream(s.getInputStream());
            byte[] header = new byte[6];
            in.readFully(header);
            if (header[0] == 0x15) {
                return HelloAnswer.ALERT;
            }
            if (header[0] == 0x16 && header[5] == 0x02) {
                return HelloAnswer.SERVER_HELLO;
            }
            return HelloAnswer.OTHER;
        } catch (EOFException | SocketException e) {
            return HelloAnswer.CLOSED;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
