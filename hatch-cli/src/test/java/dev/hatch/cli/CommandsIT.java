package dev.hatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hatch.cli.dumps.Download;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real hatch.jar against a real endpoint: every command whose route this Hatch serves. */
class CommandsIT {
    private static Endpoint endpoint;
    @TempDir
    static Path dir;
    private static Path allToken;
    private static Path monitorToken;

    @BeforeAll
    static void start() throws IOException {
        endpoint = Endpoint.start();
        allToken = Cli.tokenFile(dir, Endpoint.ALL);
        monitorToken = Cli.tokenFile(dir, Endpoint.MONITOR);
    }

    @AfterAll
    static void stop() throws IOException {
        endpoint.close();
    }

    private static Cli.Run hatch(Path token, String... args) throws IOException, InterruptedException {
        String[] all = new String[args.length + 4];
        all[0] = "--url";
        all[1] = endpoint.url();
        all[2] = "--token-file";
        all[3] = token.toString();
        System.arraycopy(args, 0, all, 4, args.length);
        return Cli.run(all);
    }

    @Test
    void statusShowsHealthUptimeAndHeap() throws Exception {
        Cli.Run r = hatch(allToken, "status");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains(endpoint.url()).contains("health   UP (database UP)").contains("process  pid " + ProcessHandle.current().pid())
                .contains("heap").contains("leaks");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void statusTakesUrlAndTokenFromTheEnvironment() throws Exception {
        Cli.Run r = Cli.run(Map.of("HATCH_URL", endpoint.url(), "HATCH_TOKEN", Endpoint.MONITOR), "status", "--json");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).startsWith("{\"url\":\"" + endpoint.url() + "\",\"health\":{\"status\":\"UP\"");
    }

    @Test
    void statusOfAServiceThatIsDownExitsNonZero() throws Exception {
        try (Endpoint down = Endpoint.start(b -> b.healthCheck("disk", () -> dev.hatch.HealthCheck.Result.down("disk full")))) {
            Cli.Run r = Cli.run("--url", down.url(), "--token-file", monitorToken.toString(), "status");
            assertThat(r.exit()).as(r.toString()).isEqualTo(1);
            assertThat(r.out()).contains("health   DOWN");
            assertThat(r.reason()).isEqualTo("hatch: the service reports DOWN (failing: disk: disk full)");
        }
    }

    @Test
    void threadsPrintsATableWithThisThread() throws Exception {
        Cli.Run r = hatch(monitorToken, "threads");
        assertThat(r.exit()).as(r.toString()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines.get(0)).matches("\\d+ threads \\(\\d+ daemon\\), peak \\d+");
        assertThat(lines.get(1)).matches("CPU ms\\s+STATE\\s+DAEMON\\s+NAME");
        assertThat(r.out()).contains("main");
    }

    @Test
    void threadsTextIsAJstackStyleDump() throws Exception {
        Cli.Run r = hatch(monitorToken, "threads", "--text");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("\"main\"").contains("java.lang.Thread.State:").doesNotContain("Locked ownable synchronizers");
        Cli.Run l = hatch(monitorToken, "threads", "--text", "-l");
        assertThat(l.exit()).as(l.toString()).isZero();
        assertThat(l.out()).contains("\"main\"").contains("   Locked ownable synchronizers:");
    }

    @Test
    void threadsJcmdJsonIsTheJvmsThreadDumpSchema() throws Exception {
        Cli.Run r = hatch(monitorToken, "threads", "--jcmd-json");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("\"threadDump\"").contains("\"threadContainers\"").containsPattern("\"name\": ?\"main\"");
        Cli.Run both = hatch(monitorToken, "threads", "--text", "--jcmd-json");
        assertThat(both.exit()).isNotZero();
        assertThat(both.toString()).contains("choose one of --text and --jcmd-json");
    }

    @Test
    void threadsJsonIsTheServersJson() throws Exception {
        Cli.Run r = hatch(monitorToken, "--json", "threads");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).startsWith("{\"time\":").contains("\"threads\":[");
    }

    @Test
    void deadlocksNamesTheThreadsAndLocksOfACycle() throws Exception {
        java.util.concurrent.locks.ReentrantLock first = new java.util.concurrent.locks.ReentrantLock();
        java.util.concurrent.locks.ReentrantLock second = new java.util.concurrent.locks.ReentrantLock();
        java.util.concurrent.CountDownLatch both = new java.util.concurrent.CountDownLatch(2);
        Thread a = lockBoth("cli-deadlock-a", first, second, both);
        Thread b = lockBoth("cli-deadlock-b", second, first, both);
        try {
            Cli.Run r = hatch(monitorToken, "deadlocks");
            assertThat(r.exit()).as(r.toString()).isZero();
            assertThat(r.out()).startsWith("1 deadlock\n").contains("\"cli-deadlock-a\" WAITING, waits for "
                    + "java.util.concurrent.locks.ReentrantLock$NonfairSync@").contains(" held by \"cli-deadlock-b\"")
                    .contains("\"cli-deadlock-b\" WAITING");
        } finally {
            a.interrupt();
            b.interrupt();
            a.join(5000);
            b.join(5000);
        }
    }

    private static Thread lockBoth(String name, java.util.concurrent.locks.ReentrantLock one,
                                   java.util.concurrent.locks.ReentrantLock two, java.util.concurrent.CountDownLatch both) {
        Thread t = new Thread(() -> {
            try {
                one.lockInterruptibly();
                try {
                    both.countDown();
                    both.await();
                    two.lockInterruptibly();
                    two.unlock();
                } finally {
                    one.unlock();
                }
            } catch (InterruptedException e) {
                // the test is over
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    @Test
    void busiestListsTheThreadsThatUsedTheMostCpu() throws Exception {
        Cli.Run r = hatch(monitorToken, "busiest", "-n", "3", "--ms", "200");
        assertThat(r.exit()).as(r.toString()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines.get(0)).matches("CPU over \\d+ ms on \\d+ processors");
        assertThat(lines.get(1)).matches("%CORE\\s+CPU ms\\s+STATE\\s+NAME\\s+TOP FRAME");
        assertThat(lines).hasSizeBetween(3, 5);
    }

    @Test
    void profileWritesAFlameGraphOrFoldedStacksByExtension() throws Exception {
        Path html = dir.resolve("profile.html");
        Cli.Run r = hatch(allToken, "profile", "--seconds", "1", "-o", html.toString());
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).startsWith("wrote " + html + " (html, ");
        assertThat(Files.readString(html)).containsIgnoringCase("<html");
        Path folded = dir.resolve("profile.txt");
        Cli.Run f = hatch(allToken, "profile", "--seconds", "1", "--event", "alloc", "-o", folded.toString());
        assertThat(f.exit()).as(f.toString()).isZero();
        assertThat(f.out()).startsWith("wrote " + folded + " (collapsed, ");
        Cli.Run bad = hatch(allToken, "profile", "-o", dir.resolve("profile.png").toString());
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.reason()).startsWith("hatch: cannot tell the format from 'profile.png'");
    }

    @Test
    void heapdumpWritesAnHprofFile() throws Exception {
        Path file = dir.resolve("heap.hprof");
        Cli.Run r = hatch(allToken, "heapdump", "-o", file.toString());
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).startsWith("wrote " + file + " (");
        assertThat(r.err()).as("quiet without a terminal").isEmpty();
        try (InputStream in = Files.newInputStream(file)) {
            assertThat(new String(in.readNBytes(18), StandardCharsets.US_ASCII)).isEqualTo("JAVA PROFILE 1.0.2");
        }
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Download.partFile(file)).doesNotExist();
        Files.delete(file);
    }

    @Test
    void heapdumpGzipWritesACompressedHprofFile() throws Exception {
        Path file = dir.resolve("heap.hprof.gz");
        Cli.Run r = hatch(allToken, "heapdump", "--gzip", "--live=false", "-o", file.toString());
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("uncompressed");
        try (DataInputStream in = new DataInputStream(new GZIPInputStream(Files.newInputStream(file)))) {
            assertThat(new String(in.readNBytes(18), StandardCharsets.US_ASCII)).isEqualTo("JAVA PROFILE 1.0.2");
        }
        Files.delete(file);
    }

    @Test
    void heapdumpGzipAddsGzToAFileNameWithoutIt() throws Exception {
        Path asked = dir.resolve("named.hprof");
        Path written = dir.resolve("named.hprof.gz");
        Cli.Run r = hatch(allToken, "heapdump", "--gzip", "--live=false", "-o", asked.toString());
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.err()).isEqualTo("hatch: --gzip: writing " + written + " (a compressed dump), not " + asked + "\n");
        assertThat(r.out()).startsWith("wrote " + written + " (");
        assertThat(asked).doesNotExist();
        try (DataInputStream in = new DataInputStream(new GZIPInputStream(Files.newInputStream(written)))) {
            assertThat(new String(in.readNBytes(18), StandardCharsets.US_ASCII)).isEqualTo("JAVA PROFILE 1.0.2");
        }
        Files.delete(written);
    }

    @Test
    void aFileNamedGzGetsACompressedDumpWithoutTheFlag() throws Exception {
        Path file = dir.resolve("implied.hprof.gz");
        Cli.Run r = hatch(allToken, "heapdump", "--live=false", "-o", file.toString());
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("uncompressed");
        try (DataInputStream in = new DataInputStream(new GZIPInputStream(Files.newInputStream(file)))) {
            assertThat(new String(in.readNBytes(18), StandardCharsets.US_ASCII)).isEqualTo("JAVA PROFILE 1.0.2");
        }
        Files.delete(file);
    }

    @Test
    void aDisabledReplIsNamedAsDisabledNotAsAMissingScope() throws Exception {
        Cli.Run r = hatch(Cli.tokenFile(dir, Endpoint.REPL), "repl", "--no-history");
        assertThat(r.exit()).as(r.toString()).isEqualTo(4);
        assertThat(r.reason()).isEqualTo("hatch: 403 forbidden: the REPL is disabled on the server; the application must be started"
                + " with hatch.repl.enabled=true (POST /ops/repl/sessions)");
        // A token without the scope still hears about the scope.
        Cli.Run noScope = hatch(monitorToken, "repl", "--no-history");
        assertThat(noScope.exit()).as(noScope.toString()).isEqualTo(4);
        assertThat(noScope.reason()).startsWith("hatch: 403 forbidden: the token lacks the 'repl' scope that POST /ops/repl/sessions needs");
    }

    @Test
    void heapdumpRefusesToOverwriteAFile() throws Exception {
        Path file = Files.writeString(dir.resolve("existing.hprof"), "keep me");
        Cli.Run r = hatch(allToken, "heapdump", "-o", file.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.reason()).isEqualTo("hatch: " + file + " exists; pass --force to replace it");
        assertThat(Files.readString(file)).isEqualTo("keep me");
    }

    @Test
    void aWrongTokenSaysCheckTheTokenFile() throws Exception {
        Path wrong = Cli.tokenFile(dir, "not-the-right-token-0123456789");
        Cli.Run r = hatch(wrong, "status");
        assertThat(r.exit()).as(r.toString()).isEqualTo(3);
        assertThat(r.reason()).isEqualTo("hatch: 401 unauthorized: the server refused the token; check the token file (--token-file) or HATCH_TOKEN");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void aMissingScopeIsNamed() throws Exception {
        Cli.Run r = hatch(monitorToken, "heapdump", "-o", dir.resolve("nope.hprof").toString());
        assertThat(r.exit()).as(r.toString()).isEqualTo(4);
        assertThat(r.reason()).startsWith("hatch: 403 forbidden: the token lacks the 'dump' scope that GET /ops/heapdump needs");
        assertThat(r.reason().lines()).hasSize(1);
        assertThat(dir.resolve("nope.hprof")).doesNotExist();
        assertThat(Download.partFile(dir.resolve("nope.hprof"))).doesNotExist();
    }

    @Test
    void noTokenAtAllIsAUsageError() throws Exception {
        Cli.Run r = Cli.run("--url", endpoint.url(), "status");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.reason()).isEqualTo("hatch: no token: pass --token-file FILE or set HATCH_TOKEN (or authenticate with --cert and --key)");
    }

    @Test
    void aTokenAsAnArgumentIsRefused() throws Exception {
        Cli.Run r = Cli.run("--url", endpoint.url(), "--token", Endpoint.ALL, "status");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.reason()).contains("--token is not accepted").contains("process list");
    }

    @Test
    void anUnreachableEndpointAsksWhetherTheServiceRuns() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Cli.Run r = Cli.run(Map.of("HATCH_TOKEN", Endpoint.ALL), "--url", "http://127.0.0.1:" + port + "/ops", "status");
        assertThat(r.exit()).as(r.toString()).isEqualTo(7);
        assertThat(r.reason()).isEqualTo("hatch: cannot connect to 127.0.0.1:" + port
                + ": connection refused; is the service running, and is the port right?");
    }

    @Test
    void aBadOptionIsOneLine() throws Exception {
        Cli.Run r = hatch(allToken, "threads", "--bogus");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.reason()).isEqualTo("hatch: Unknown option: '--bogus' (hatch threads --help shows the usage)");
    }

    @Test
    void commandsWhoseRouteThisHatchLacksSaySo() throws Exception {
        record Case(String method, String path, String[] args, String what) {
        }
        List<Case> cases = List.of(
                new Case("GET", "/ops/leaks", new String[] {"leaks"}, "leak detector"),
                new Case("GET", "/ops/threads/deadlocks", new String[] {"deadlocks"}, "deadlock detection"),
                new Case("GET", "/ops/threads/busiest", new String[] {"busiest", "--ms", "50"}, "busiest-threads view"),
                new Case("GET", "/ops/profile", new String[] {"profile", "--seconds", "1", "-o", dir.resolve("p.html").toString()}, "profiler"));
        for (Case c : cases) {
            Cli.Run r = hatch(allToken, c.args());
            if (endpoint.hasRoute(c.method(), c.path())) {
                assertThat(r.exit()).as(r.toString()).isZero();
            } else {
                assertThat(r.exit()).as(r.toString()).isEqualTo(5);
                assertThat(r.reason()).isEqualTo("hatch: this Hatch version has no " + c.what() + " (" + c.method() + " " + c.path()
                        + " answered 404)");
            }
        }
    }

    @Test
    void auditVerifyAcceptsTheEndpointsLogAndFindsATamperedLine() throws Exception {
        hatch(monitorToken, "threads");
        Path log = endpoint.hatch().auditFile();
        awaitQuiet(log);
        Path copy = dir.resolve("audit-copy.jsonl");
        Files.copy(log, copy);
        Cli.Run ok = Cli.run("audit", "verify", copy.toString());
        assertThat(ok.exit()).as(ok.toString()).isZero();
        assertThat(ok.out()).matches("(?s)" + java.util.regex.Pattern.quote(copy.toString())
                + ": OK, \\d+ records in 1 file\\(s\\), chain intact, head [0-9a-f]{64}\\n.*");
        String head = ok.out().replaceAll("(?s).*head ([0-9a-f]{64}).*", "$1");
        // the published anchor: the same head passes, a longer chain than the file holds is a cut tail
        Cli.Run anchored = Cli.run("audit", "verify", "--expect-hash", head.substring(0, 16), copy.toString());
        assertThat(anchored.exit()).as(anchored.toString()).isZero();
        Cli.Run cut = Cli.run("audit", "verify", "--expect-records", "100000", copy.toString());
        assertThat(cut.exit()).as(cut.toString()).isEqualTo(1);
        assertThat(cut.reason()).startsWith("hatch: audit chain broken: ");
        Cli.Run noKey = Cli.run("audit", "verify", "--hmac-key", "env:HATCH_TEST_NO_SUCH_VARIABLE", copy.toString());
        assertThat(noKey.exit()).as(noKey.toString()).isEqualTo(2);
        assertThat(noKey.reason()).contains("HATCH_TEST_NO_SUCH_VARIABLE");

        List<String> lines = Files.readAllLines(copy);
        int line = 2; // line 1 is the file-start record
        lines.set(line - 1, lines.get(line - 1).replace("\"principal\":\"", "\"principal\":\"x"));
        Files.write(copy, lines);
        Cli.Run broken = Cli.run("audit", "verify", copy.toString());
        assertThat(broken.exit()).isEqualTo(1);
        assertThat(broken.out()).contains("BROKEN " + copy + ":" + line + ": ");
        assertThat(broken.reason()).startsWith("hatch: audit chain broken: " + copy + ":" + line + ": ").contains("changed");
    }

    /** The audit record is written after the answer: wait until the log ends with a whole line and stops growing. */
    private static void awaitQuiet(Path log) throws IOException, InterruptedException {
        long size = -1;
        for (int i = 0; i < 50; i++) {
            byte[] bytes = Files.readAllBytes(log);
            if (bytes.length == size && bytes.length > 0 && bytes[bytes.length - 1] == '\n') {
                return;
            }
            size = bytes.length;
            Thread.sleep(100);
        }
    }

    @Test
    void helpListsEveryCommand() throws Exception {
        Cli.Run r = Cli.run("--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("status", "threads", "deadlocks", "busiest", "heapdump", "leaks", "profile", "repl", "attach",
                "fleet", "audit", "HATCH_URL", "HATCH_TOKEN");
    }
}
