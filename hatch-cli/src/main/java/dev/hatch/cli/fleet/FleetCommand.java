package dev.hatch.cli.fleet;

import dev.hatch.cli.HatchCommand;
import dev.hatch.cli.StatusCommand;
import dev.hatch.cli.connection.ConnectionOptions;
import dev.hatch.cli.connection.Failures;
import dev.hatch.cli.connection.HatchClient;
import dev.hatch.cli.connection.Target;
import dev.hatch.cli.diagnostics.ThreadsCommand;
import dev.hatch.cli.output.CliException;
import dev.hatch.cli.output.Doc;
import dev.hatch.cli.output.OutputOptions;
import dev.hatch.cli.output.Table;
import dev.hatch.cli.output.Text;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code hatch fleet --targets FILE COMMAND}: runs a read-only command against every endpoint
 * listed in FILE, a bounded number at a time, each within its own time limit, and prints one
 * table row per endpoint. A target fails when the command alone would have failed against it
 * (including {@code status} of a service that reports DOWN); any failure makes the exit status 1.
 */
@Command(name = "fleet", description = "Run a read-only command (status, threads, deadlocks, leaks) against every URL in a file.")
public final class FleetCommand implements Callable<Integer> {
    static final Set<String> READ_ONLY = Set.of("status", "threads", "deadlocks", "leaks");
    private static final int MAX_TARGETS = 10_000;
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    @ParentCommand
    HatchCommand root;

    @Option(names = "--targets", paramLabel = "FILE", required = true,
            description = "One endpoint URL per line; blank lines and lines starting with # are skipped.")
    Path targets;

    @Option(names = "--parallel", paramLabel = "N", defaultValue = "8", description = "Endpoints asked at once (default ${DEFAULT-VALUE}).")
    int parallel;

    @Parameters(index = "0", paramLabel = "COMMAND", description = "status, threads, deadlocks or leaks.")
    String command;

    /** The outcome for one endpoint; {@code json} is what {@code --json} prints for it, or null. */
    record Outcome(Target target, boolean ok, String result, String detail, Object json, int exitCode) {
    }

    @Override
    public Integer call() throws InterruptedException {
        if (!READ_ONLY.contains(command)) {
            throw CliException.usage("fleet runs read-only commands only (status, threads, deadlocks, leaks), not '"
                    + Text.line(command, 30) + "'");
        }
        if (parallel < 1 || parallel > 256) {
            throw CliException.usage("--parallel must be between 1 and 256");
        }
        List<Target> list = read(targets);
        ConnectionOptions connection = root.connection();
        Duration limit = connection.timeout(DEFAULT_TIMEOUT);
        String token = connection.token();
        HttpClient http = HatchClient.newHttp(limit, connection.sslContext(list.stream().anyMatch(Target::tls)));
        AtomicInteger n = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallel, list.size()), r -> {
            Thread t = new Thread(r, "hatch-fleet-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        List<Outcome> outcomes = new ArrayList<>();
        try {
            List<Future<Outcome>> futures = new ArrayList<>();
            for (Target target : list) {
                futures.add(pool.submit(() -> ask(new HatchClient(target, token, limit, http))));
            }
            for (int i = 0; i < futures.size(); i++) {
                try {
                    outcomes.add(futures.get(i).get());
                } catch (ExecutionException e) {
                    outcomes.add(failure(list.get(i), Failures.fromException(e.getCause(), list.get(i), limit)));
                }
            }
        } finally {
            pool.shutdownNow();
        }
        print(outcomes);
        long failed = outcomes.stream().filter(o -> !o.ok()).count();
        if (failed > 0) {
            throw CliException.failed(failed + " of " + outcomes.size() + " targets failed");
        }
        return 0;
    }

    private Outcome ask(HatchClient client) {
        try {
            return switch (command) {
                case "status" -> status(client);
                case "threads" -> {
                    HatchClient.Reply r = client.get("/threads", "thread dump");
                    yield new Outcome(client.target(), true, "ok", ThreadsCommand.summary(r.json("the thread dump")), r.raw(), 0);
                }
                case "deadlocks" -> {
                    HatchClient.Reply r = client.get("/threads/deadlocks", "deadlock detection");
                    Doc d = r.json("the deadlock report");
                    int cycles = d.get("cycles").list().size();
                    boolean deadlocked = d.get("deadlocked").bool(cycles > 0);
                    yield new Outcome(client.target(), true, deadlocked ? "DEADLOCK" : "ok",
                            deadlocked ? cycles + " deadlock cycle(s)" : "no deadlock", r.raw(), 0);
                }
                default -> {
                    HatchClient.Reply r = client.get("/leaks", "leak detector");
                    yield new Outcome(client.target(), true, "ok", StatusCommand.leakLine(r.json("the leak report")), r.raw(), 0);
                }
            };
        } catch (CliException e) {
            return failure(client.target(), e);
        }
    }

    private static Outcome status(HatchClient client) {
        StatusCommand.Report r = StatusCommand.gather(client);
        List<String> lines = StatusCommand.lines(r);
        String detail = String.join("; ", lines.stream().map(l -> l.replaceFirst("^(\\w+)\\s+", "$1 ")).toList());
        return new Outcome(client.target(), r.up(), r.up() ? "UP" : "DOWN", detail, r.json(), r.up() ? 0 : CliException.FAILED);
    }

    private static Outcome failure(Target target, CliException e) {
        return new Outcome(target, false, "FAILED", e.getMessage(), null, e.exitCode());
    }

    private void print(List<Outcome> outcomes) {
        List<Object> json = new ArrayList<>();
        for (Outcome o : outcomes) {
            Map<String, Object> row = OutputOptions.object("target", o.target().toString(), "ok", o.ok());
            if (o.json() != null) {
                row.put("result", o.json());
            }
            if (!o.ok()) {
                row.put("exit", o.exitCode());
                row.put("error", o.detail());
            }
            json.add(row);
        }
        root.output().print(root.out(), json, out -> {
            Table t = new Table("TARGET", "RESULT", "DETAIL");
            for (Outcome o : outcomes) {
                t.row(o.target(), o.result(), Text.line(o.detail(), 200));
            }
            t.print(out);
            long failed = outcomes.stream().filter(o -> !o.ok()).count();
            out.println(outcomes.size() + " targets: " + (outcomes.size() - failed) + " ok, " + failed + " failed");
        });
    }

    /** The endpoints of a targets file. */
    static List<Target> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException | java.io.UncheckedIOException e) {
            throw CliException.usage("--targets " + file + ": cannot read it (" + e.getClass().getSimpleName() + ")");
        }
        List<Target> list = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            int hash = line.indexOf(" #");
            if (hash >= 0) {
                line = line.substring(0, hash).strip();
            }
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            list.add(Target.parse(line, file.getFileName() + " line " + (i + 1)));
            if (list.size() > MAX_TARGETS) {
                throw CliException.usage("--targets " + file + " lists more than " + MAX_TARGETS + " endpoints");
            }
        }
        if (list.isEmpty()) {
            throw CliException.usage("--targets " + file + " lists no endpoint");
        }
        return list;
    }
}
