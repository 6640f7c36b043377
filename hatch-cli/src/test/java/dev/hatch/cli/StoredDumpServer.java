package dev.hatch.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small real HTTP server speaking the stored-dump contract (POST /ops/heapdumps → 202 +
 * Location, GET list with state, GET {id} with Range → 206, DELETE), serving a fixed file. It
 * can cut the connection halfway through a download, the way a flaky network does. Test code
 * only: Hatch itself never uses com.sun.net.httpserver.
 */
final class StoredDumpServer implements AutoCloseable {
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");

    final byte[] content;
    final List<String> requests = new CopyOnWriteArrayList<>();
    final AtomicInteger cuts = new AtomicInteger();
    final AtomicInteger pollsUntilReady = new AtomicInteger(2);
    volatile String state = "ready";
    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "stored-dump-server");
        t.setDaemon(true);
        return t;
    });
    private final String token;

    StoredDumpServer(int size, String token) throws IOException {
        this.token = token;
        content = new byte[size];
        new Random(42).nextBytes(content);
        System.arraycopy("JAVA PROFILE 1.0.2\0".getBytes(StandardCharsets.US_ASCII), 0, content, 0, 19);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setExecutor(executor);
        server.createContext("/ops/heapdumps", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/ops";
    }

    private void handle(HttpExchange ex) throws IOException {
        String range = ex.getRequestHeaders().getFirst("Range");
        String path = ex.getRequestURI().getPath();
        requests.add(ex.getRequestMethod() + " " + path + (range == null ? "" : " " + range));
        if (!("Bearer " + token).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
            send(ex, 401, "application/problem+json", "{\"title\":\"Unauthorized\",\"status\":401,\"detail\":\"no\"}");
            return;
        }
        switch (ex.getRequestMethod() + " " + path) {
            case "POST /ops/heapdumps" -> {
                ex.getResponseHeaders().add("Location", "/ops/heapdumps/d1");
                send(ex, 202, "application/json", "{\"id\":\"d1\",\"state\":\"running\"}");
            }
            case "GET /ops/heapdumps" -> {
                String s = pollsUntilReady.getAndDecrement() > 0 ? "running" : state;
                send(ex, 200, "application/json", "{\"dumps\":[{\"id\":\"d1\",\"state\":\"" + s + "\",\"bytes\":" + content.length
                        + ",\"error\":\"disk full\"}]}");
            }
            case "GET /ops/heapdumps/d1" -> download(ex, range);
            case "DELETE /ops/heapdumps/d1" -> {
                ex.sendResponseHeaders(204, -1);
                ex.close();
            }
            default -> send(ex, 404, "application/problem+json", "{\"title\":\"Not found\",\"status\":404,\"detail\":\"no route\"}");
        }
    }

    private void download(HttpExchange ex, String range) throws IOException {
        int from = 0;
        if (range != null) {
            Matcher m = RANGE.matcher(range);
            if (!m.matches()) {
                send(ex, 416, "application/problem+json", "{\"status\":416,\"detail\":\"bad range\"}");
                return;
            }
            from = Integer.parseInt(m.group(1));
            ex.getResponseHeaders().add("Content-Range", "bytes " + from + "-" + (content.length - 1) + "/" + content.length);
        }
        ex.getResponseHeaders().add("Content-Type", "application/octet-stream");
        ex.getResponseHeaders().add("Accept-Ranges", "bytes");
        int length = content.length - from;
        ex.sendResponseHeaders(range == null ? 200 : 206, length);
        OutputStream out = ex.getResponseBody();
        if (cuts.getAndDecrement() > 0) {
            out.write(content, from, length / 2);
            out.flush();
            // Throwing from the handler makes the server drop the connection mid-body.
            throw new IOException("cutting the connection on purpose");
        }
        cuts.set(0);
        out.write(content, from, length);
        out.close();
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", type);
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
