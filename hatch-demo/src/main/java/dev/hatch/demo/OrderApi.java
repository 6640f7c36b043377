package dev.hatch.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The demo's own business API, served by the JDK's {@code com.sun.net.httpserver} on its own
 * port (Hatch runs on another). Routes:
 *
 * <pre>
 * GET  /orders?limit=20        newest orders
 * POST /orders                 {"sku":"SKU-00042","quantity":2}; an empty body orders something at random
 * GET  /orders/{id}            one order
 * GET  /stats                  orders, cache and audit-trail counters
 * POST /leak/start?kbPerSecond=256 · POST /leak/stop · POST /leak/clear
 * POST /fulfilment/pause · POST /fulfilment/resume
 * </pre>
 */
final class OrderApi implements AutoCloseable {
    private static final int MAX_BODY = 4096;
    private static final Pattern ORDER_PATH = Pattern.compile("/orders/(\\d{1,18})");
    private static final Pattern SKU_FIELD = Pattern.compile("\"sku\"\\s*:\\s*\"([^\"]*)\"");
    private static final Pattern QUANTITY_FIELD = Pattern.compile("\"quantity\"\\s*:\\s*(-?\\d{1,9})");

    private static final String ROUTES = "GET /orders, POST /orders, GET /orders/{id}, GET /stats, POST /leak/start,"
            + " POST /leak/stop, POST /leak/clear, POST /fulfilment/pause, POST /fulfilment/resume";

    private final OrderService orders;
    private final OrderAuditTrail trail;
    private final HttpServer server;
    private final ThreadPoolExecutor executor;

    /** Binds the API to 127.0.0.1:{@code port} (0 picks a free port) and starts serving. */
    OrderApi(int port, OrderService orders, OrderAuditTrail trail) throws IOException {
        this.orders = orders;
        this.trail = trail;
        AtomicInteger n = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(4, 4, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(100), r -> {
            Thread t = new Thread(r, "orders-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 50);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** The port the API listens on. */
    int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange ex) throws IOException {
        try {
            String path = ex.getRequestURI().getPath();
            String route = ex.getRequestMethod() + " " + (ORDER_PATH.matcher(path).matches() ? "/orders/{id}" : path);
            switch (route) {
                case "GET /orders" -> send(ex, 200, orders.newest(intParam(ex, "limit", 20, 1, 100)).stream().map(OrderApi::order).toList());
                case "POST /orders" -> createOrder(ex);
                case "GET /orders/{id}" -> readOrder(ex, path);
                case "GET /stats" -> send(ex, 200, stats());
                case "POST /leak/start" -> {
                    trail.start(intParam(ex, "kbPerSecond", OrderAuditTrail.DEFAULT_KB_PER_SECOND, 1, OrderAuditTrail.MAX_KB_PER_SECOND));
                    send(ex, 200, trailStatus());
                }
                case "POST /leak/stop" -> {
                    trail.stop();
                    send(ex, 200, trailStatus());
                }
                case "POST /leak/clear" -> send(ex, 200, Map.of("cleared", trail.clear()));
                case "POST /fulfilment/pause", "POST /fulfilment/resume" -> {
                    orders.pause(path.endsWith("pause"));
                    send(ex, 200, orders.stats());
                }
                default -> send(ex, 404, Map.of("error", "no route " + route + "; try " + ROUTES));
            }
        } catch (IllegalArgumentException e) {
            send(ex, e instanceof BodyTooLarge ? 413 : 400, Map.of("error", e.getMessage()));
        } catch (IllegalStateException e) {
            send(ex, 503, Map.of("error", e.getMessage()));
        } catch (RuntimeException e) {
            System.getLogger("dev.hatch.demo").log(System.Logger.Level.ERROR, "request failed", e);
            send(ex, 500, Map.of("error", "internal error; see the service's log"));
        } finally {
            ex.close();
        }
    }

    private void createOrder(HttpExchange ex) throws IOException {
        String body = readBody(ex);
        String sku = OrderService.randomSku();
        int quantity = 1;
        if (!body.isBlank()) {
            Matcher s = SKU_FIELD.matcher(body);
            Matcher q = QUANTITY_FIELD.matcher(body);
            if (!s.find()) {
                throw new IllegalArgumentException("body must look like {\"sku\":\"SKU-00042\",\"quantity\":2}");
            }
            sku = s.group(1);
            quantity = q.find() ? Integer.parseInt(q.group(1)) : 1;
        }
        OrderService.Order created = orders.create(sku, quantity);
        ex.getResponseHeaders().set("Location", "/orders/" + created.id());
        send(ex, 201, order(created));
    }

    private void readOrder(HttpExchange ex, String path) throws IOException {
        Matcher m = ORDER_PATH.matcher(path);
        long id = m.matches() ? Long.parseLong(m.group(1)) : -1;
        var found = orders.find(id);
        if (found.isPresent()) {
            send(ex, 200, order(found.get()));
        } else {
            send(ex, 404, Map.of("error", "order " + id + " does not exist or is older than the newest " + OrderService.KEEP_ORDERS));
        }
    }

    private Map<String, Object> stats() {
        LruCache.Stats cache = orders.cacheStats();
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("size", cache.size());
        c.put("capacity", cache.capacity());
        c.put("hits", cache.hits());
        c.put("misses", cache.misses());
        c.put("hitRatio", Math.round(cache.hitRatio() * 1000) / 1000.0);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("orders", orders.stats());
        m.put("cache", c);
        m.put("auditTrail", trailStatus());
        return m;
    }

    private Map<String, Object> trailStatus() {
        OrderAuditTrail.Status s = trail.status();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("leaking", s.running());
        m.put("kbPerSecond", s.kbPerSecond());
        m.put("entries", s.entries());
        m.put("retainedBytes", s.retainedBytes());
        m.put("capBytes", s.capBytes());
        m.put("capped", s.capped());
        return m;
    }

    private static Map<String, Object> order(OrderService.Order o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", o.id());
        m.put("sku", o.sku());
        m.put("quantity", o.quantity());
        m.put("status", o.status());
        m.put("createdAt", o.createdAt().toString());
        m.put("fulfilledAt", o.fulfilledAt() == null ? null : o.fulfilledAt().toString());
        m.put("totalCents", o.totalCents());
        return m;
    }

    private static int intParam(HttpExchange ex, String name, int fallback, int min, int max) {
        String query = ex.getRequestURI().getQuery();
        if (query != null) {
            for (String pair : query.split("&")) {
                if (pair.startsWith(name + "=")) {
                    String raw = pair.substring(name.length() + 1);
                    int v;
                    try {
                        v = Integer.parseInt(raw);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException(name + " must be a whole number, was '" + raw + "'");
                    }
                    if (v < min || v > max) {
                        throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", was " + v);
                    }
                    return v;
                }
            }
        }
        return fallback;
    }

    private static String readBody(HttpExchange ex) throws IOException {
        try (InputStream in = ex.getRequestBody()) {
            byte[] body = in.readNBytes(MAX_BODY + 1);
            if (body.length > MAX_BODY) {
                throw new BodyTooLarge("the body is larger than " + MAX_BODY + " bytes");
            }
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private static void send(HttpExchange ex, int status, Object body) throws IOException {
        byte[] bytes = (JsonText.write(body) + "\n").getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** A request body over {@value #MAX_BODY} bytes: 413. */
    private static final class BodyTooLarge extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        BodyTooLarge(String message) {
            super(message);
        }
    }

    /** Stops accepting requests, lets running ones finish for up to a second, stops the threads. */
    @Override
    public void close() {
        server.stop(1);
        executor.shutdownNow();
    }
}
