package dev.hatch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * A raw HTTP/1.1 client on a plain socket whose local address can be chosen: 127.0.0.2 and
 * friends act as "other clients" on loopback, which java.net.http cannot do.
 */
final class RawClient implements AutoCloseable {
    private final Socket socket;

    private RawClient(Socket socket) {
        this.socket = socket;
    }

    /** Connects from the given local loopback address (e.g. 127.0.0.2) to 127.0.0.1:port. */
    static RawClient connect(String from, int port) throws IOException {
        return connect(from, port, 0);
    }

    /**
     * Connects with a receive buffer of about the given size (0: the system's), so that a client
     * that does not read makes the server's writes block soon.
     */
    static RawClient connect(String from, int port, int receiveBuffer) throws IOException {
        Socket s = new Socket();
        if (receiveBuffer > 0) {
            s.setReceiveBufferSize(receiveBuffer);
        }
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
        s.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 2000);
        s.setSoTimeout(5000);
        s.setTcpNoDelay(true);
        return new RawClient(s);
    }

    /** One request on a fresh connection from {@code from}; returns the status and body. */
    static Response request(String from, int port, String method, String target, String token) throws IOException {
        try (RawClient c = connect(from, port)) {
            c.send(method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + (token == null ? "" : "Authorization: Bearer " + token + "\r\n") + "Connection: close\r\n\r\n");
            return c.read();
        }
    }

    void send(String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
    }

    void send(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
    }

    /** Reads one response (to the end of its Content-Length body, or until the server closes). */
    Response read() throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        int matched = 0;
        while (matched < 4 && (b = in.read()) >= 0) {
            head.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3)) ? matched + 1 : 0;
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        if (text.isEmpty()) {
            return new Response(-1, "", "");
        }
        int status = Integer.parseInt(text.substring(9, 12));
        int length = -1;
        for (String line : text.split("\r\n")) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        byte[] body = length >= 0 ? in.readNBytes(length) : in.readAllBytes();
        return new Response(status, text, new String(body, StandardCharsets.UTF_8));
    }

    /**
     * Reads one response head within the timeout, and its body when it is at most 64 KB (a
     * larger body, such as a download, is left unread); {@code null} when nothing came in time.
     */
    Response readWithin(int timeoutMs) throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        try {
            socket.setSoTimeout(timeoutMs);
            int b = in.read();
            if (b < 0) {
                return new Response(-1, "", "");
            }
            head.write(b);
            socket.setSoTimeout(5000);
            while (matched < 4 && (b = in.read()) >= 0) {
                head.write(b);
                matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3)) ? matched + 1 : 0;
            }
        } catch (SocketTimeoutException e) {
            if (head.size() == 0) {
                return null;
            }
            throw e;
        } finally {
            socket.setSoTimeout(5000);
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        int status = Integer.parseInt(text.substring(9, 12));
        int length = -1;
        for (String line : text.split("\r\n")) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        byte[] body = length >= 0 && length <= 64 * 1024 ? in.readNBytes(length) : new byte[0];
        return new Response(status, text, new String(body, StandardCharsets.UTF_8));
    }

    /** Bytes read until the server closes the connection or the timeout passes. */
    long drain(int timeoutMs) throws IOException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        byte[] buf = new byte[64 * 1024];
        long total = 0;
        try {
            while (true) {
                int left = (int) ((deadline - System.nanoTime()) / 1_000_000L);
                if (left <= 0) {
                    return total;
                }
                socket.setSoTimeout(left);
                int n = socket.getInputStream().read(buf);
                if (n < 0) {
                    return total;
                }
                total += n;
            }
        } catch (SocketTimeoutException e) {
            return total;
        } catch (IOException e) {
            return total; // reset
        }
    }

    /** Whether the server closes the connection within the timeout (EOF or reset; bytes before it, e.g. a TLS alert, are skipped). */
    boolean closedByServer(int timeoutMs) throws IOException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        try {
            byte[] skip = new byte[1024];
            while (true) {
                int left = (int) ((deadline - System.nanoTime()) / 1_000_000L);
                if (left <= 0) {
                    return false;
                }
                socket.setSoTimeout(left);
                if (socket.getInputStream().read(skip) < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** A response: status, raw head, body. */
    record Response(int status, String head, String body) {
        String header(String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }
    }
}
