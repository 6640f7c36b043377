package dev.hatch.cli.diagnostics;

import dev.hatch.cli.connection.HatchClient;
import dev.hatch.cli.output.CliException;
import dev.hatch.cli.output.Doc;
import dev.hatch.cli.output.Table;
import dev.hatch.cli.output.Text;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code hatch busiest [-n N] [--ms MS]}: the threads that used the most CPU over an interval. */
@Command(name = "busiest", description = "The threads that used the most CPU over an interval.")
public final class BusiestCommand extends AnswerCommand {
    @Option(names = "-n", paramLabel = "N", defaultValue = "5", description = "How many threads (default ${DEFAULT-VALUE}).")
    int n;

    @Option(names = "--ms", paramLabel = "MS", defaultValue = "1000", description = "Measuring interval in milliseconds (default ${DEFAULT-VALUE}).")
    int ms;

    @Override
    public Integer call() {
        if (n < 1 || ms < 1) {
            throw CliException.usage("-n and --ms must be positive");
        }
        HatchClient client = root.client();
        HatchClient.Reply r = client.call("GET", client.target().resolve("/threads/busiest?n=" + n + "&ms=" + ms), null,
                client.timeout().plus(Duration.ofMillis(ms)), "busiest-threads view");
        return show(r, "the busiest threads");
    }

    @Override
    void show(Doc doc, PrintStream out) {
        long interval = doc.get("intervalMs").lng(ms);
        out.println("CPU over " + interval + " ms" + (doc.get("availableProcessors").present()
                ? " on " + doc.get("availableProcessors").lng(0) + " processors" : ""));
        Table table = new Table(">%CORE", ">CPU ms", "STATE", "NAME", "TOP FRAME");
        for (Doc t : doc.get("threads").list()) {
            double pct = t.get("percentOfCore").num();
            double cpu = t.first("cpuTimeMs", "cpuMs").num();
            table.row(Double.isNaN(pct) ? "-" : String.format(Locale.ROOT, "%.1f", pct),
                    Double.isNaN(cpu) ? "-" : String.format(Locale.ROOT, "%.1f", cpu), t.get("state").str("?"),
                    Text.line(t.get("name").str("?"), 60), Text.line(topFrame(t), 80));
        }
        table.print(out);
    }

    private static String topFrame(Doc t) {
        Doc frames = t.first("topFrames", "stack");
        if (frames.list().isEmpty()) {
            return "";
        }
        Doc f = frames.list().get(0);
        if (f.str() != null) {
            return f.str();
        }
        return f.get("class").str("?") + "." + f.get("method").str("?");
    }
}
