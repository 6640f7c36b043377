package dev.hatch.demo;

import dev.hatch.ConfigException;
import dev.hatch.Hatch;
import dev.hatch.HealthCheck;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A small order service with Hatch embedded: {@code java -jar hatch-demo.jar}. It serves its own
 * business API (see {@link OrderApi}), fulfils orders on a worker thread, simulates customer
 * traffic, and can be told to leak memory. Hatch runs beside it on its own port.
 *
 * <pre>
 * --port N           business API port (default 8080; 0 picks a free port)
 * --hatch-port N     maintenance port (default: $HATCH_PORT, else hatch.port of the config, else 9070)
 * --hatch-config F   Hatch properties file (default: $HATCH_CONFIG; none: Hatch generates a token)
 * --traffic N        simulated orders per second (default 10; 0 switches the simulation off)
 * --leak             start the audit-trail leak at once
 * </pre>
 */
public final class DemoService {
    static final int BACKLOG_LIMIT = 100;
    static final int CACHE_SIZE = 1000;

    private DemoService() {
    }

    /** Parsed command line and environment. */
    record Options(int port, Integer hatchPort, Path hatchConfig, int trafficPerSecond, boolean leak) {
        static final String USAGE = "usage: java -jar hatch-demo.jar [--port N] [--hatch-port N] [--hatch-config FILE]"
                + " [--traffic ORDERS_PER_SECOND] [--leak]";

        /** Reads the flags; the environment supplies HATCH_PORT and HATCH_CONFIG when no flag does. */
        static Options parse(String[] args, Map<String, String> env) {
            int port = 8080;
            Integer hatchPort = env.get("HATCH_PORT") == null ? null : port("HATCH_PORT", env.get("HATCH_PORT"));
            Path config = env.get("HATCH_CONFIG") == null || env.get("HATCH_CONFIG").isBlank() ? null : Path.of(env.get("HATCH_CONFIG"));
            int traffic = 10;
            boolean leak = false;
            for (int i = 0; i < args.length; i++) {
                String flag = args[i];
                if (flag.equals("--leak")) {
                    leak = true;
                    continue;
                }
                if (!List.of("--port", "--hatch-port", "--hatch-config", "--traffic").contains(flag)) {
                    throw new IllegalArgumentException("unknown option: " + flag);
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("missing value for " + flag);
                }
                String value = args[++i];
                switch (flag) {
                    case "--port" -> port = port(flag, value);
                    case "--hatch-port" -> hatchPort = port(flag, value);
                    case "--hatch-config" -> config = Path.of(value);
                    default -> traffic = number(flag, value, 0, 1000);
                }
            }
            return new Options(port, hatchPort, config, traffic, leak);
        }

        private static int port(String name, String value) {
            return number(name, value, 0, 65535);
        }

        private static int number(String name, String value, int min, int max) {
            try {
                int n = Integer.parseInt(value.trim());
                if (n >= min && n <= max) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException(name + " must be a number from " + min + " to " + max + ", was '" + value + "'");
        }
    }

    /** Starts the demo and runs until the process is stopped (Ctrl-C or SIGTERM). */
    public static void main(String[] args) throws InterruptedException {
        if (List.of(args).contains("--help")) {
            System.out.println(Options.USAGE);
            return;
        }
        Options options;
        try {
            options = Options.parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("hatch-demo: " + e.getMessage() + "\n" + Options.USAGE);
            System.exit(2);
            return;
        }
        // The application's own choice for its own HTTP server: without it JDK 17 stalls every
        // keep-alive response ~40 ms (Nagle and delayed ACK). Hatch itself never sets JVM-wide properties.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        OrderService orders = new OrderService(CACHE_SIZE);
        OrderAuditTrail trail = new OrderAuditTrail(() -> "order book " + orders.stats(), Runtime.getRuntime().maxMemory() / 2);
        ScheduledExecutorService traffic = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "customer-traffic");
            t.setDaemon(true);
            return t;
        });
        OrderApi api = null;
        Hatch hatch;
        Path ownDumps = null;
        try {
            orders.start();
            api = new OrderApi(options.port(), orders, trail);
            // Without a configuration the demo keeps its dumps in a directory of its own and
            // removes it when it stops; a configured hatch.dump.dir is the operator's and stays.
            ownDumps = options.hatchConfig() == null ? Files.createTempDirectory("hatch-demo-dumps-") : null;
            hatch = startHatch(options, orders, ownDumps);
        } catch (ConfigException | IOException | UncheckedIOException e) {
            deleteTree(ownDumps);
            System.err.println("hatch-demo: cannot start: " + e.getMessage());
            if (api != null) {
                api.close();
            }
            System.exit(e instanceof ConfigException ? 2 : 1);
            return;
        }
        if (options.trafficPerSecond() > 0) {
            traffic.scheduleAtFixedRate(() -> simulateCustomer(orders), 0, 1_000_000 / options.trafficPerSecond(), TimeUnit.MICROSECONDS);
        }
        if (options.leak()) {
            trail.start(OrderAuditTrail.DEFAULT_KB_PER_SECOND);
        }

        CountDownLatch stopped = new CountDownLatch(1);
        OrderApi business = api;
        Path dumps = ownDumps;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("demo stopping");
            traffic.shutdownNow();
            business.close();
            hatch.close();
            trail.close();
            orders.close();
            if (dumps != null) {
                deleteTree(dumps);
                System.out.println("removed " + dumps + " and the stored heap dumps in it");
            }
            System.out.println("demo stopped");
            stopped.countDown();
        }, "demo-shutdown"));

        System.out.print(banner(api.port(), hatch, options.hatchConfig(), ownDumps != null));
        System.out.println("demo ready");
        stopped.await();
    }

    private static Hatch startHatch(Options options, OrderService orders, Path dumpDirectory) {
        Hatch.Builder builder = Hatch.builder()
                .info("service", "hatch-demo")
                .info("version", version())
                .healthCheck("orders-queue", () -> {
                    int backlog = orders.backlog();
                    if (!orders.workerAlive()) {
                        return HealthCheck.Result.down("the order-fulfilment thread is not running");
                    }
                    return backlog > BACKLOG_LIMIT
                            ? HealthCheck.Result.down(backlog + " orders waiting (limit " + BACKLOG_LIMIT + "); is fulfilment paused?")
                            : HealthCheck.Result.up(backlog + " orders waiting");
                })
                .healthCheck("cache", () -> {
                    LruCache.Stats s = orders.cacheStats();
                    String detail = String.format(Locale.ROOT, "%s: %d/%d products, hit ratio %.2f", s.warm() ? "warm" : "warming up",
                            s.size(), s.capacity(), s.hitRatio());
                    // A full cache that rarely hits is thrashing: it costs memory and saves nothing.
                    return s.warm() && s.hitRatio() < 0.2 ? HealthCheck.Result.down("thrashing, " + detail) : HealthCheck.Result.up(detail);
                });
        if (options.hatchConfig() != null) {
            builder.properties(options.hatchConfig());
        }
        if (dumpDirectory != null) {
            builder.dumpDirectory(dumpDirectory);
        }
        if (options.hatchPort() != null) {
            builder.port(options.hatchPort());
        }
        return builder.start();
    }

    /**
     * What an operator needs to start: the URLs, where the token is, where dumps go, and
     * commands to paste.
     *
     * @param ownDumps whether the dump directory is the demo's own, removed when it stops
     */
    static String banner(int businessPort, Hatch hatch, Path config, boolean ownDumps) {
        String business = "http://127.0.0.1:" + businessPort;
        String ops = hatch.url().toString();
        String auth = hatch.generatedTokenFile().map(f -> "$(cat " + f + ")").orElse("$HATCH_TOKEN");
        String curl = "  curl -f -H \"Authorization: Bearer " + auth + "\" ";
        StringBuilder b = new StringBuilder();
        b.append("hatch-demo ").append(version()).append('\n');
        b.append("  business API   ").append(business).append("/orders\n");
        b.append("  maintenance    ").append(ops).append('\n');
        b.append("  console        ").append(ops).append("/console\n");
        hatch.generatedTokenFile().ifPresentOrElse(
                f -> b.append("  token file     ").append(f).append('\n')
                        .append("                 (generated: readable by you only, deleted when the demo stops)\n"),
                () -> b.append("  tokens         configured in ").append(config)
                        .append("; export HATCH_TOKEN=<your token> for the commands below\n"));
        b.append("  dumps          ").append(hatch.dumpDirectory()).append('\n')
                .append(ownDumps ? "                 (stored heap dumps; removed when the demo stops)\n"
                        : "                 (hatch.dump.dir: stored heap dumps stay there when the demo stops)\n");
        b.append("\nTry:\n");
        b.append("  curl -X POST ").append(business).append("/orders -d '{\"sku\":\"SKU-00042\",\"quantity\":2}'\n");
        b.append(curl).append(ops).append("/health\n");
        b.append(curl).append("'").append(ops).append("/threads?format=text'\n");
        b.append(curl).append("-o demo.hprof ").append(ops).append("/heapdump\n");
        b.append("  bin/hatch --url ").append(ops)
                .append(hatch.generatedTokenFile().map(f -> " --token-file " + f).orElse(""))
                .append(" status      # the command-line client (hatch-cli/target/hatch.jar)\n");
        b.append("  curl -X POST ").append(business).append("/leak/start      # a slow memory leak; /leak/stop ends it\n\n");
        return b.toString();
    }

    /** Deletes a directory and everything in it, as far as it can. */
    static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    System.err.println("hatch-demo: cannot delete " + p + ": " + e.getMessage());
                }
            });
        } catch (IOException | UncheckedIOException e) {
            System.err.println("hatch-demo: cannot clean " + dir + ": " + e.getMessage());
        }
    }

    private static void simulateCustomer(OrderService orders) {
        try {
            orders.create(OrderService.randomSku(), 1 + ThreadLocalRandom.current().nextInt(3));
        } catch (IllegalStateException queueFull) {
            // a real customer would retry later; the health check reports the backlog
        }
    }

    /** The demo's version from its build, e.g. {@code 0.1.0}. */
    static String version() {
        Properties p = new Properties();
        try (InputStream in = DemoService.class.getResourceAsStream("demo-version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            return "unknown";
        }
        return p.getProperty("version", "unknown");
    }
}
