package dev.hatch.bench;

import dev.hatch.Hatch;
import dev.hatch.Scope;
import dev.hatch.security.TokenSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * Not a test: a benchmark. While attackers on 127.0.0.2 flood the port with requests without a
 * token and with wrong tokens (and slow heads and idle connections), a client with a valid
 * token on 127.0.0.1 keeps calling {@code GET /ops/info}; its latency and success rate are
 * compared with a quiet baseline. Default limits throughout. Bounded: two phases of
 * {@code seconds} each (default 10).
 *
 * <pre>
 * scripts/bench-under-attack.sh [seconds] [attacker threads] [no-rate-limits]
 * </pre>
 */
public final class UnderAttackBenchmark {
    private static final String TOKEN = "bench-token-0123456789abcdef0123";

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int attackers = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        boolean noRateLimits = args.length > 2 && args[2].equals("no-rate-limits");
        Path dir = Files.createTempDirectory("hatch-bench");
        Hatch.Builder builder = Hatch.builder().port(0).auditFile(dir.resolve("audit.jsonl")).dumpDirectory(dir.resolve("dumps"))
                .token("oncall", "sha256:" + HexFormat.of().formatHex(TokenSpec.hash(TOKEN)), Scope.MONITOR);
        if (noRateLimits) {
            // For comparison only: what the same flood costs without the per-address rates and lockout.
            builder.limits(l -> l.anonymousRate(1_000_000, 1_000_000).lockout(1_000_000_000, Duration.ofSeconds(1), Duration.ofSeconds(1)));
        }
        try (Hatch hatch = builder.start()) {
            int port = hatch.port();
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            victim(client, port, 2); // warm-up
            Result quiet = victim(client, port, seconds);
            AtomicBoolean stop = new AtomicBoolean();
            Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < attackers; i++) {
                int n = i;
                Thread t = new Thread(() -> attack(port, n, stop, outcomes), "attacker-" + i);
                t.setDaemon(true);
                t.start();
                threads.add(t);
            }
            Thread slow = new Thread(() -> slowAndIdle(port, stop, outcomes), "slowloris");
            slow.setDaemon(true);
            slow.start();
            threads.add(slow);
            Thread.sleep(1000); // let the flood build up
            Result attacked = victim(client, port, seconds);
            stop.set(true);
            for (Thread t : threads) {
                t.join(10_000);
            }
            long auditLines = Files.readAllLines(hatch.auditFile()).size();
            long attackRequests = outcomes.values().stream().mapToLong(LongAdder::sum).sum();
            System.out.println();
            System.out.printf("| phase | requests | success | p50 ms | p99 ms | max ms |%n|---|---|---|---|---|---|%n");
            System.out.println(quiet.row("quiet"));
            System.out.println(attacked.row("under attack"));
            System.out.printf("%nattack: %d threads on 127.0.0.2, slow heads from 127.0.0.3, %d requests in %d s (%.0f/s); outcomes %s%n",
                    attackers, attackRequests, seconds + 1, attackRequests / (seconds + 1.0), new java.util.TreeMap<>(outcomes));
            System.out.printf("audit log: %d lines for all of it%n", auditLines);
        } finally {
            try (var s = Files.walk(dir)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static Result victim(HttpClient client, int port, int seconds) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ops/info"))
                .header("Authorization", "Bearer " + TOKEN).timeout(Duration.ofSeconds(5)).build();
        List<Long> latencies = new ArrayList<>();
        int ok = 0;
        int total = 0;
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        while (System.nanoTime() < end) {
            long t0 = System.nanoTime();
            total++;
            try {
                if (client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    ok++;
                }
            } catch (IOException e) {
                // counted as a failure
            }
            latencies.add(System.nanoTime() - t0);
            Thread.sleep(20); // an operator's client, not a load generator: ~40 req/s, under the default rate
        }
        return new Result(total, ok, latencies);
    }

    private static void attack(int port, int n, AtomicBoolean stop, Map<String, LongAdder> outcomes) {
        byte[] buf = new byte[4096];
        int i = 0;
        while (!stop.get()) {
            String auth = (i++ + n) % 2 == 0 ? "" : "Authorization: Bearer guess-" + n + "-" + i + "-0123456789abcdef\r\n";
            try (Socket s = new Socket()) {
                s.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0));
                s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
                s.setSoTimeout(5000);
                OutputStream out = s.getOutputStream();
                out.write(("GET /ops/info HTTP/1.1\r\nHost: x\r\n" + auth + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                InputStream in = s.getInputStream();
                int r = in.read(buf);
                String status = r >= 12 ? new String(buf, 9, 3, StandardCharsets.ISO_8859_1) : "closed";
                outcomes.computeIfAbsent(status, k -> new LongAdder()).increment();
            } catch (IOException e) {
                outcomes.computeIfAbsent("error", k -> new LongAdder()).increment();
            }
        }
    }

    private static void slowAndIdle(int port, AtomicBoolean stop, Map<String, LongAdder> outcomes) {
        List<Socket> held = new ArrayList<>();
        try {
            while (!stop.get()) {
                for (int i = 0; i < 50 && !stop.get(); i++) {
                    try {
                        Socket s = new Socket();
                        s.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.3"), 0));
                        s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
                        s.getOutputStream().write("GET /ops/info HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.ISO_8859_1));
                        held.add(s);
                        outcomes.computeIfAbsent("slow-head opened", k -> new LongAdder()).increment();
                    } catch (IOException e) {
                        outcomes.computeIfAbsent("slow-head refused", k -> new LongAdder()).increment();
                    }
                }
                Thread.sleep(500);
                for (Socket s : held) {
                    try {
                        s.getOutputStream().write("X-a: b\r\n".getBytes(StandardCharsets.ISO_8859_1));
                    } catch (IOException dropped) {
                        // closed by the server: expected
                    }
                }
                held.removeIf(Socket::isClosed);
                if (held.size() > 200) {
                    for (Socket s : held) {
                        s.close();
                    }
                    held.clear();
                }
            }
        } catch (IOException | InterruptedException e) {
            // end of the benchmark
        } finally {
            for (Socket s : held) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // closing
                }
            }
        }
    }

    private record Result(int total, int ok, List<Long> latencies) {
        String row(String phase) {
            long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
            return String.format("| %s | %d | %.1f %% | %.1f | %.1f | %.1f |", phase, total, 100.0 * ok / Math.max(1, total),
                    pct(sorted, 0.50), pct(sorted, 0.99), sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6);
        }

        private static double pct(long[] sorted, double p) {
            if (sorted.length == 0) {
                return 0;
            }
            return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
        }
    }

    private UnderAttackBenchmark() {
    }
}
