package dev.hatch.bench;

import dev.hatch.Hatch;
import dev.hatch.Scope;
import dev.hatch.internal.security.TokenSpec;
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
 * compared with a quiet baseline. Two more attacks follow, each measured the same way:
 * <em>lockout exhaustion</em> (wrong tokens from more than 10,000 distinct loopback source
 * addresses, 127.10.x.y, to fill the lockout and rate tables) and <em>slot starvation</em> (an
 * {@code operate} principal holding requests whose bodies trickle, a {@code dump} principal
 * holding downloads it reads a few hundred bytes at a time). Default limits throughout.
 * Bounded: four phases of {@code seconds} each (default 10), loopback only.
 *
 * <pre>
 * scripts/bench-under-attack.sh [seconds] [attacker threads] [no-rate-limits]
 * </pre>
 */
public final class UnderAttackBenchmark {
    private static final String TOKEN = "bench-token-0123456789abcdef0123";
    private static final String OPERATE_TOKEN = "bench-operate-0123456789abcdef01";
    private static final String DUMP_TOKEN = "bench-dump-0123456789abcdef01234";
    /** Distinct source addresses of the lockout-exhaustion phase: 127.10.0.1 to 127.10.41.254. */
    private static final int EXHAUSTION_ADDRESSES = 42 * 254;
    private static final String DUMP_ID = "20260101T000000Z-be0c40";
    private static final int DUMP_BYTES = 64 << 20;

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int attackers = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        boolean noRateLimits = args.length > 2 && args[2].equals("no-rate-limits");
        Path dir = Files.createTempDirectory("hatch-bench");
        Hatch.Builder builder = Hatch.builder().port(0).auditFile(dir.resolve("audit.jsonl")).dumpDirectory(dir.resolve("dumps"))
                .token("oncall", "sha256:" + HexFormat.of().formatHex(TokenSpec.hash(TOKEN)), Scope.MONITOR, Scope.ADMIN)
                .token("ops", "sha256:" + HexFormat.of().formatHex(TokenSpec.hash(OPERATE_TOKEN)), Scope.OPERATE)
                .token("dumper", "sha256:" + HexFormat.of().formatHex(TokenSpec.hash(DUMP_TOKEN)), Scope.DUMP);
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

            // Slot starvation by low scopes: slow bodies (operate) and slow downloads (dump).
            Path stored = Files.createDirectories(hatch.dumpDirectory().resolve("stored"));
            byte[] dump = new byte[DUMP_BYTES];
            byte[] magic = "JAVA PROFILE 1.0.2\0".getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(magic, 0, dump, 0, magic.length);
            Files.write(stored.resolve(DUMP_ID + ".hprof"), dump);
            dump = null;
            stop.set(false);
            threads.clear();
            Map<String, LongAdder> starvation = new ConcurrentHashMap<>();
            Thread bodies = new Thread(() -> holdSlow(port, "127.0.0.4", true, stop, starvation), "slow-bodies");
            Thread downloads = new Thread(() -> holdSlow(port, "127.0.0.5", false, stop, starvation), "slow-downloads");
            for (Thread t : List.of(bodies, downloads)) {
                t.setDaemon(true);
                t.start();
                threads.add(t);
            }
            Thread.sleep(2000); // let them take what they can
            Result starved = victim(client, port, seconds);
            stop.set(true);
            for (Thread t : threads) {
                t.join(10_000);
            }

            // Lockout exhaustion: wrong tokens from > 10,000 distinct addresses.
            stop.set(false);
            threads.clear();
            Map<String, LongAdder> exhaustion = new ConcurrentHashMap<>();
            java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
            java.util.Set<Integer> used = ConcurrentHashMap.newKeySet();
            for (int i = 0; i < attackers; i++) {
                Thread t = new Thread(() -> exhaust(port, next, used, stop, exhaustion), "exhaustion-" + i);
                t.setDaemon(true);
                t.start();
                threads.add(t);
            }
            Thread.sleep(1000);
            Result exhausted = victim(client, port, seconds);
            stop.set(true);
            for (Thread t : threads) {
                t.join(10_000);
            }
            int fresh = probe(port, "127.0.0.77"); // an address that never failed, after the table was flooded
            long exhaustionRequests = exhaustion.values().stream().mapToLong(LongAdder::sum).sum();

            System.out.println();
            System.out.printf("| phase | requests | success | p50 ms | p99 ms | max ms | not 200 |%n|---|---|---|---|---|---|---|%n");
            System.out.println(quiet.row("quiet"));
            System.out.println(attacked.row("under attack"));
            System.out.println(starved.row("slot starvation"));
            System.out.println(exhausted.row("lockout exhaustion"));
            System.out.printf("%nattack: %d threads on 127.0.0.2, slow heads from 127.0.0.3, %d requests in %d s (%.0f/s); outcomes %s%n",
                    attackers, attackRequests, seconds + 1, attackRequests / (seconds + 1.0), new java.util.TreeMap<>(outcomes));
            System.out.printf("audit log: %d lines for the first attack%n", auditLines);
            System.out.printf("lockout exhaustion: %d threads, %d wrong-token requests from %d distinct addresses in %d s; outcomes %s;"
                    + " afterwards a never-failed address (127.0.0.77) got %d%n", attackers, exhaustionRequests, used.size(), seconds + 1,
                    new java.util.TreeMap<>(exhaustion), fresh);
            System.out.printf("slot starvation: 'ops' (operate) on 127.0.0.4 and 'dumper' (dump) on 127.0.0.5, 8 connections each;"
                    + " outcomes %s%n", new java.util.TreeMap<>(starvation));
        } finally {
            try (var s = Files.walk(dir)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Wrong tokens, each on a new connection from the next of the exhaustion addresses, round and round. */
    private static void exhaust(int port, java.util.concurrent.atomic.AtomicInteger next, java.util.Set<Integer> used,
                                AtomicBoolean stop, Map<String, LongAdder> outcomes) {
        byte[] buf = new byte[4096];
        while (!stop.get()) {
            int n = Math.floorMod(next.getAndIncrement(), EXHAUSTION_ADDRESSES);
            String from = "127.10." + (n / 254) + "." + (1 + n % 254);
            try (Socket s = new Socket()) {
                s.setReuseAddress(true);
                s.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
                s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
                s.setSoTimeout(5000);
                s.getOutputStream().write(("GET /ops/info HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAuthorization: Bearer guess-" + n
                        + "-0123456789abcdef\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                int r = s.getInputStream().read(buf);
                used.add(n);
                outcomes.computeIfAbsent(r >= 12 ? new String(buf, 9, 3, StandardCharsets.ISO_8859_1) : "closed",
                        k -> new LongAdder()).increment();
            } catch (IOException e) {
                outcomes.computeIfAbsent("error", k -> new LongAdder()).increment();
            }
        }
    }

    /** The status a valid token gets from the given source address. */
    private static int probe(int port, String from) {
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
            s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            s.setSoTimeout(5000);
            s.getOutputStream().write(("GET /ops/info HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAuthorization: Bearer " + TOKEN
                    + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            byte[] buf = new byte[16];
            int r = s.getInputStream().readNBytes(buf, 0, 12);
            return r == 12 ? Integer.parseInt(new String(buf, 9, 3, StandardCharsets.ISO_8859_1)) : -1;
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    /**
     * Keeps 8 requests open from one address: bodies that trickle a byte per half second
     * ({@code operate}), or downloads read 256 bytes per half second ({@code dump}). A request
     * that is refused or cut is counted and replaced.
     */
    private static void holdSlow(int port, String from, boolean bodies, AtomicBoolean stop, Map<String, LongAdder> outcomes) {
        String kind = bodies ? "bodies " : "downloads ";
        Socket[] held = new Socket[8];
        boolean[] headRead = new boolean[held.length];
        byte[] buf = new byte[256];
        try {
            while (!stop.get()) {
                for (int i = 0; i < held.length && !stop.get(); i++) {
                    try {
                        if (held[i] == null) {
                            Socket s = new Socket();
                            s.setReceiveBufferSize(4096);
                            s.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
                            s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
                            s.getOutputStream().write((bodies
                                    ? "POST /ops/loggers/bench HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + OPERATE_TOKEN
                                            + "\r\nContent-Type: application/json\r\nContent-Length: 60000\r\n\r\n{"
                                    : "GET /ops/heapdumps/" + DUMP_ID + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + DUMP_TOKEN
                                            + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                            held[i] = s;
                            headRead[i] = false;
                            outcomes.computeIfAbsent(kind + "opened", k -> new LongAdder()).increment();
                        }
                        Socket s = held[i];
                        if (bodies) {
                            s.getOutputStream().write(' ');
                        }
                        s.setSoTimeout(1);
                        int r;
                        try {
                            r = s.getInputStream().read(buf);
                        } catch (java.net.SocketTimeoutException nothingYet) {
                            continue;
                        }
                        if (r < 0) {
                            outcomes.computeIfAbsent(kind + "cut", k -> new LongAdder()).increment();
                            s.close();
                            held[i] = null;
                        } else if (!headRead[i] && r >= 12) {
                            String status = new String(buf, 9, 3, StandardCharsets.ISO_8859_1);
                            headRead[i] = true;
                            if (!status.equals("200")) {
                                outcomes.computeIfAbsent(kind + status, k -> new LongAdder()).increment();
                                s.close();
                                held[i] = null;
                            }
                        }
                    } catch (IOException e) {
                        outcomes.computeIfAbsent(kind + "cut", k -> new LongAdder()).increment();
                        if (held[i] != null) {
                            try {
                                held[i].close();
                            } catch (IOException ignored) {
                                // closing
                            }
                        }
                        held[i] = null;
                    }
                }
                Thread.sleep(500);
            }
        } catch (InterruptedException e) {
            // end of the benchmark
        } finally {
            for (Socket s : held) {
                if (s != null) {
                    try {
                        s.close();
                    } catch (IOException ignored) {
                        // closing
                    }
                }
            }
        }
    }

    private static Result victim(HttpClient client, int port, int seconds) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ops/info"))
                .header("Authorization", "Bearer " + TOKEN).timeout(Duration.ofSeconds(5)).build();
        List<Long> latencies = new ArrayList<>();
        Map<String, Integer> failures = new java.util.TreeMap<>();
        int ok = 0;
        int total = 0;
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        while (System.nanoTime() < end) {
            long t0 = System.nanoTime();
            total++;
            try {
                int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status == 200) {
                    ok++;
                } else {
                    failures.merge(Integer.toString(status), 1, Integer::sum);
                }
            } catch (IOException e) {
                failures.merge("error", 1, Integer::sum);
            }
            latencies.add(System.nanoTime() - t0);
            Thread.sleep(20); // an operator's client, not a load generator: ~40 req/s, under the default rate
        }
        return new Result(total, ok, latencies, failures);
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

    private record Result(int total, int ok, List<Long> latencies, Map<String, Integer> failures) {
        String row(String phase) {
            long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
            return String.format("| %s | %d | %.1f %% | %.1f | %.1f | %.1f | %s |", phase, total, 100.0 * ok / Math.max(1, total),
                    pct(sorted, 0.50), pct(sorted, 0.99), sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6, failures.isEmpty() ? "-" : new java.util.TreeMap<>(failures));
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
