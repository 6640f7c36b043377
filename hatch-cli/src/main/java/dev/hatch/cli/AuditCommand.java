package dev.hatch.cli;

import dev.hatch.audit.AuditChain;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code hatch audit verify FILE...}: checks audit logs' hash chains, offline. */
@Command(name = "audit", description = "Audit log tools.", subcommands = AuditCommand.Verify.class)
final class AuditCommand implements Callable<Integer> {
    @ParentCommand
    HatchCommand root;

    @Override
    public Integer call() {
        throw CliException.usage("audit needs a subcommand: hatch audit verify FILE");
    }

    /** {@code hatch audit verify FILE...}. */
    @Command(name = "verify", description = "Verify the hash chain of audit log files (offline; no server needed).")
    static final class Verify implements Callable<Integer> {
        @ParentCommand
        AuditCommand audit;

        @Parameters(arity = "1..*", paramLabel = "FILE", description = "Audit log files (JSON lines).")
        List<Path> files;

        @Override
        public Integer call() {
            HatchCommand root = audit.root;
            String broken = null;
            for (Path file : files) {
                AuditChain.Result r;
                try {
                    r = AuditChain.verify(file);
                } catch (NoSuchFileException e) {
                    throw CliException.usage(file + ": no such file");
                } catch (IOException | java.io.UncheckedIOException e) {
                    throw CliException.failed(file + ": cannot read it (" + Text.line(e.getMessage(), 100) + ")");
                }
                if (root.json) {
                    root.out.println("{\"file\":\"" + file.toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\",\"ok\":" + r.ok()
                            + ",\"records\":" + r.records() + ",\"firstBadLine\":" + r.firstBadLine() + ",\"reason\":\""
                            + r.reason().replace("\"", "\\\"") + "\"}");
                } else if (r.ok()) {
                    root.out.println(file + ": OK, " + r.records() + " records, hash chain intact");
                } else {
                    root.out.println(file + ": BROKEN at line " + r.firstBadLine() + ": " + r.reason());
                }
                if (!r.ok() && broken == null) {
                    broken = "audit chain broken in " + file + " at line " + r.firstBadLine() + ": " + r.reason();
                }
            }
            if (broken != null) {
                throw CliException.failed(broken);
            }
            return 0;
        }
    }
}
