package dev.hatch.cli.diagnostics;

import dev.hatch.cli.output.Doc;
import dev.hatch.cli.output.Text;
import java.io.PrintStream;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code hatch deadlocks}: deadlocked threads, the locks they hold and the locks they wait for. */
@Command(name = "deadlocks", description = "Deadlocked threads with the locks they hold and wait for.")
public final class DeadlocksCommand extends AnswerCommand {
    @Override
    public Integer call() {
        return show(root.client().get("/threads/deadlocks", "deadlock detection"), "the deadlock report");
    }

    @Override
    void show(Doc doc, PrintStream out) {
        List<Doc> cycles = doc.get("cycles").list();
        if (!doc.get("deadlocked").bool(!cycles.isEmpty())) {
            String detects = doc.get("detects").str();
            out.println("no deadlock" + (detects == null ? "" : " (detects " + Text.line(detects, 80) + ")"));
            return;
        }
        out.println(cycles.size() == 1 ? "1 deadlock" : cycles.size() + " deadlocks");
        for (Doc cycle : cycles) {
            out.println();
            String summary = cycle.get("summary").str();
            if (summary != null) {
                out.println(Text.clean(summary, true));
            }
            for (Doc t : cycle.get("threads").list()) {
                out.println("  \"" + Text.line(t.get("name").str("?"), 80) + "\" " + t.get("state").str("") + waits(t.get("waitingFor")));
                for (Doc h : t.get("holds").list()) {
                    out.println("      holds " + lock(h.first("lock", "monitor").present() ? h.first("lock", "monitor") : h)
                            + (h.get("lockedIn").present() ? " (in " + Text.line(h.get("lockedIn").str(""), 100) + ")" : ""));
                }
            }
        }
    }

    private static String waits(Doc waiting) {
        if (!waiting.present()) {
            return "";
        }
        Doc owner = waiting.get("owner");
        return ", waits for " + lock(waiting.get("lock")) + (owner.present() ? " held by \"" + Text.line(owner.get("name").str("?"), 80) + "\"" : "");
    }

    private static String lock(Doc lock) {
        String cls = lock.get("class").str("?");
        Doc hash = lock.get("identityHashCode");
        return Text.line(cls, 100) + (hash.present() ? "@" + Long.toHexString(hash.lng(0)) : "");
    }
}
