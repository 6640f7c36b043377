package dev.hatch.cli.diagnostics;

import dev.hatch.cli.connection.HatchClient;
import dev.hatch.cli.output.CliException;
import dev.hatch.cli.output.Doc;
import dev.hatch.cli.output.Table;
import dev.hatch.cli.output.Text;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hatch threads [--text | --jcmd-json] [-l]}: the threads as a table (busiest first), text in
 * {@code jstack}'s grammar ({@code jstack -l}'s with {@code -l}), or the JSON of {@code jcmd PID
 * Thread.dump_to_file -format=json}.
 */
@Command(name = "threads", description = "Thread dump: a table of name, state and CPU time; jstack text with --text (jstack -l's with -l); "
        + "the JSON of jcmd Thread.dump_to_file -format=json with --jcmd-json.")
public final class ThreadsCommand extends AnswerCommand {
    @Option(names = "--text", description = "Print the jstack-style text dump (what thread-dump analysers read).")
    boolean text;

    @Option(names = "--jcmd-json", description = "Print the JSON of 'jcmd PID Thread.dump_to_file -format=json' "
            + "(what JDK 21+ thread-dump tools read; virtual threads included on JDK 21+).")
    boolean jcmdJson;

    @Option(names = {"-l", "--locks"}, description = "Also list the ownable synchronizers (ReentrantLock and the like) each "
            + "thread holds, as jstack -l does. The JVM walks the whole heap for them inside the dump's pause.")
    boolean locks;

    @Override
    public Integer call() {
        HatchClient client = root.client();
        if (text && jcmdJson) {
            throw CliException.usage("choose one of --text and --jcmd-json");
        }
        if (locks && jcmdJson) {
            throw CliException.usage("--locks does not apply to --jcmd-json (its schema has no synchronizers)");
        }
        String withLocks = locks ? "&synchronizers=true" : "";
        if (text || jcmdJson) {
            HatchClient.Reply r = client.get(text ? "/threads?format=text" + withLocks : "/threads?format=jcmd-json", "thread dump");
            root.out().print(root.output().json() ? r.body() : Text.clean(r.body(), true));
            root.out().flush();
            return 0;
        }
        return show(client.get(locks ? "/threads?synchronizers=true" : "/threads", "thread dump"), "the thread dump");
    }

    @Override
    void show(Doc doc, PrintStream out) {
        out.println(summary(doc));
        List<Doc> threads = new ArrayList<>(doc.get("threads").list());
        threads.sort(Comparator.comparingDouble((Doc t) -> -cpu(t)).thenComparing(t -> t.get("name").str("")));
        Table table = new Table(">CPU ms", "STATE", "DAEMON", "NAME");
        for (Doc t : threads) {
            double cpu = cpu(t);
            table.row(cpu < 0 ? "-" : Long.toString((long) cpu), t.get("state").str("?"), t.get("daemon").bool(false) ? "yes" : "",
                    Text.line(t.get("name").str("?"), 80));
        }
        table.print(out);
    }

    private static double cpu(Doc t) {
        double v = t.first("cpuTimeMs", "cpuMs").num();
        return Double.isNaN(v) ? -1 : v;
    }

    /** {@code 42 threads (30 daemon), peak 45}. */
    public static String summary(Doc doc) {
        long count = doc.get("threadCount").lng(doc.get("threads").list().size());
        String daemon = doc.get("daemonCount").present() ? " (" + doc.get("daemonCount").lng(0) + " daemon)" : "";
        String peak = doc.get("peakThreadCount").present() ? ", peak " + doc.get("peakThreadCount").lng(0) : "";
        return count + " threads" + daemon + peak;
    }
}
