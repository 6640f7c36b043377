package dev.hatch.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.hatch.http.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A small real HTTP server speaking the REPL contract, to test the client's terminal side (line
 * editing, multi-line snippets, Ctrl-C, Ctrl-D) independently of JShell: it records each snippet
 * it receives and answers with {@code echo:<snippet>} as the value. Test code only.
 */
final class ReplServer implements AutoCloseable {
    final List<String> snippets = new CopyOnWriteArrayList<>();
    final List<String> requests = new CopyOnWriteArrayList<>();
    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "repl-server");
        t.setDaemon(true);
        return t;
    });

    ReplServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setExecutor(executor);
        server.createContext("/ops/repl/sessions", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/ops";
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        requests.add(ex.getRequestMethod() + " " + path);
        if (!("Bearer " + Endpoint.REPL).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
            send(ex, 401, "{\"status\":401}");
            return;
        }
        switch (ex.getRequestMethod() + " " + path) {
            case "POST /ops/repl/sessions" -> send(ex, 200, "{\"id\":\"s1\"}");
            case "POST /ops/repl/sessions/s1" -> {
                String code = (String) Json.parseObject(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)).get("code");
                snippets.add(code);
                Map<String, Object> answer = new LinkedHashMap<>();
                if (code.startsWith("Thread.sleep")) {
                    try {
                        Thread.sleep(15_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                if (code.startsWith("System.out")) {
                    answer.put("value", null);
                    answer.put("stdout", "hi from stdout\n");
                    answer.put("stderr", "");
                    answer.put("error", null);
                } else if (code.equals("oops")) {
                    answer.put("value", null);
                    answer.put("stdout", "");
                    answer.put("stderr", "");
                    answer.put("error", "cannot find symbol: variable oops");
                } else {
                    answer.put("value", "echo:" + code);
                    answer.put("stdout", "");
                    answer.put("stderr", "");
                    answer.put("error", null);
                }
                answer.put("durationMs", 1);
                send(ex, 200, Json.write(answer));
            }
            case "DELETE /ops/repl/sessions/s1" -> {
                ex.sendResponseHeaders(204, -1);
                ex.close();
            }
            default -> send(ex, 404, "{\"status\":404}");
        }
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", status == 200 ? "application/json" : "application/problem+json");
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
