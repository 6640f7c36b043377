package dev.hatch.cli.repl;

import dev.hatch.cli.HatchCommand;
import dev.hatch.cli.connection.Failures;
import dev.hatch.cli.connection.HatchClient;
import dev.hatch.cli.output.CliException;
import dev.hatch.cli.output.Doc;
import dev.hatch.cli.output.Text;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code hatch repl}: an interactive Java session inside the service, with line editing,
 * history ({@code ~/.hatch_history}, owner-only), multi-line snippets (Enter continues while
 * braces or parentheses are open), Ctrl-C to stop waiting for a snippet and Ctrl-D to leave,
 * which deletes the session on the server.
 */
@Command(name = "repl", description = "Interactive Java REPL inside the service (needs the repl scope and hatch.repl.enabled=true).")
public final class ReplCommand implements Callable<Integer> {
    private static final Duration EVAL_LIMIT = Duration.ofMinutes(10);

    @ParentCommand
    HatchCommand root;

    @Option(names = "--history", paramLabel = "FILE", description = "History file (default ~/.hatch_history).")
    Path historyFile;

    @Option(names = "--no-history", description = "Keep no history file.")
    boolean noHistory;

    private final AtomicReference<CompletableFuture<HatchClient.Reply>> running = new AtomicReference<>();

    @Override
    public Integer call() throws IOException {
        HatchClient client = root.client();
        Path history = noHistory ? null : historyFile != null ? historyFile : defaultHistory();
        if (history != null) {
            prepareHistory(history);
        }
        try (ReplSession session = ReplSession.open(client, root.connection().timeout(EVAL_LIMIT));
             Terminal terminal = TerminalBuilder.builder().system(true).dumb(true).build()) {
            LineReaderBuilder b = LineReaderBuilder.builder().terminal(terminal).appName("hatch")
                    .parser(new SnippetParser())
                    .variable(LineReader.SECONDARY_PROMPT_PATTERN, "  ...> ")
                    .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                    .option(LineReader.Option.INSERT_TAB, true);
            if (history != null) {
                b.variable(LineReader.HISTORY_FILE, history);
            }
            LineReader reader = b.build();
            terminal.handle(Terminal.Signal.INT, signal -> {
                CompletableFuture<HatchClient.Reply> f = running.get();
                if (f != null) {
                    f.cancel(true);
                }
            });
            PrintWriter w = terminal.writer();
            w.println("hatch repl: session " + session.id() + " on " + client.target() + "; Ctrl-D or /exit leaves, Ctrl-C stops waiting");
            w.flush();
            loop(reader, terminal, session);
        } finally {
            if (history != null) {
                restrict(history);
            }
        }
        return 0;
    }

    private void loop(LineReader reader, Terminal terminal, ReplSession session) {
        PrintWriter w = terminal.writer();
        while (true) {
            String code;
            try {
                code = reader.readLine("hatch> ");
            } catch (UserInterruptException e) {
                continue;
            } catch (EndOfFileException e) {
                w.println();
                w.flush();
                return;
            }
            String trimmed = code.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            if (trimmed.equals("/exit") || trimmed.equals("/quit")) {
                return;
            }
            evaluate(code, session, terminal);
        }
    }

    private void evaluate(String code, ReplSession session, Terminal terminal) {
        PrintWriter w = terminal.writer();
        CompletableFuture<HatchClient.Reply> call = session.eval(code);
        // Ctrl-C cancels this plain future: the HTTP client's own futures may treat cancel() as
        // a request to abort the exchange (JDK 25 does) and complete later with an error instead.
        CompletableFuture<HatchClient.Reply> waiting = new CompletableFuture<>();
        call.whenComplete((r, e) -> {
            if (e != null) {
                waiting.completeExceptionally(e);
            } else {
                waiting.complete(r);
            }
        });
        running.set(waiting);
        HatchClient.Reply reply;
        try {
            reply = waiting.get();
        } catch (CancellationException e) {
            call.cancel(true);
            print(terminal, "interrupted (the server stops the snippet at its time limit)", AttributedStyle.YELLOW);
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (ExecutionException e) {
            CliException c = Failures.fromException(e.getCause(), root.target(), EVAL_LIMIT);
            if (c.exitCode() == CliException.UNAUTHORIZED || c.exitCode() == CliException.FORBIDDEN
                    || c.exitCode() == CliException.UNREACHABLE || c.exitCode() == CliException.TLS) {
                throw c;
            }
            print(terminal, "hatch: " + c.getMessage(), AttributedStyle.RED);
            return;
        } finally {
            running.set(null);
        }
        if (reply.status() == 404) {
            session.start();
            print(terminal, "the session had expired on the server; opened a new one (" + session.id()
                    + "), earlier definitions are gone: run the snippet again", AttributedStyle.YELLOW);
            return;
        }
        if (root.output().printJson(w, reply.raw())) {
            return;
        }
        show(reply.json("the REPL"), terminal);
    }

    /** Prints an answer: output as is, the error stream in yellow, an error in red, the value after {@code ==>}. */
    private static void show(Doc r, Terminal terminal) {
        PrintWriter w = terminal.writer();
        String stdout = r.get("stdout").str("");
        if (!stdout.isEmpty()) {
            w.print(Text.clean(stdout, true));
            if (!stdout.endsWith("\n")) {
                w.println();
            }
        }
        String stderr = r.get("stderr").str("");
        if (!stderr.isEmpty()) {
            print(terminal, Text.clean(stderr.endsWith("\n") ? stderr.substring(0, stderr.length() - 1) : stderr, true), AttributedStyle.YELLOW);
        }
        String error = r.get("error").str();
        if (error != null) {
            print(terminal, "error: " + Text.clean(error, true), AttributedStyle.RED);
            for (Doc d : r.get("diagnostics").list()) {
                String message = d.get("message").str();
                if (message != null && !error.contains(message)) {
                    print(terminal, "  " + d.get("severity").str("") + " at line " + d.get("line").str("?") + ": "
                            + Text.line(message, 300), AttributedStyle.RED);
                }
            }
        } else {
            Doc value = r.get("value");
            if (value.present()) {
                w.println("==> " + Text.clean(value.str(String.valueOf(value)), true));
            }
        }
        long ms = r.get("durationMs").lng(0);
        if (ms >= 1000) {
            print(terminal, String.format(Locale.ROOT, "(%.1f s)", ms / 1000.0), AttributedStyle.BRIGHT);
        }
        w.flush();
    }

    private static void print(Terminal terminal, String text, int colour) {
        AttributedStringBuilder sb = new AttributedStringBuilder();
        sb.style(AttributedStyle.DEFAULT.foreground(colour)).append(text);
        terminal.writer().println(sb.toAnsi(terminal));
        terminal.writer().flush();
    }

    private Path defaultHistory() {
        String home = System.getenv("HOME");
        return Path.of(home != null && !home.isBlank() ? home : System.getProperty("user.home"), ".hatch_history");
    }

    /** Creates the history file readable by its owner only: snippets may hold secrets. */
    private void prepareHistory(Path history) {
        try {
            if (!Files.exists(history)) {
                try {
                    Files.createFile(history, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                } catch (UnsupportedOperationException e) {
                    Files.createFile(history);
                }
            }
            restrict(history);
        } catch (IOException e) {
            root.err().println("hatch: warning: cannot create the history file " + history + " (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static void restrict(Path file) {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException | UnsupportedOperationException e) {
            // not POSIX, or gone: nothing to tighten
        }
    }
}
