package dev.hatch.cli.local;

import dev.hatch.cli.HatchCommand;
import dev.hatch.cli.output.CliException;
import dev.hatch.cli.output.OutputOptions;
import dev.hatch.cli.output.Text;
import dev.hatch.internal.audit.AuditChain;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code hatch audit verify FILE...}: checks audit logs' hash chains, offline. */
@Command(name = "audit", description = "Audit log tools.", subcommands = AuditCommand.Verify.class)
public final class AuditCommand implements Callable<Integer> {
    @ParentCommand
    HatchCommand root;

    @Override
    public Integer call() {
        throw CliException.usage("audit needs a subcommand: hatch audit verify FILE");
    }

    /** {@code hatch audit verify [--hmac-key SPEC] [--expect-records N] [--expect-hash H] FILE...}. */
    @Command(name = "verify", description = "Verify an audit log's hash chain, its rotated files with it as one chain (offline; no server needed).")
    static final class Verify implements Callable<Integer> {
        @ParentCommand
        AuditCommand audit;

        @Option(names = "--hmac-key", paramLabel = "SPEC", description = "The chain's HMAC key (hatch.audit.key): env:VAR or file:PATH.")
        String key;

        @Option(names = "--expect-records", paramLabel = "N", description = "A published record count (Hatch's log, hatch_audit_head_records).")
        Long expectRecords;

        @Option(names = "--expect-hash", paramLabel = "HEX", description = "A published head hash or prefix (Hatch's log, hatch_audit_head_info).")
        String expectHash;

        @Parameters(arity = "1..*", paramLabel = "FILE", description = "Audit log files (the current file stands for its rotation set).")
        List<Path> files;

        @Override
        public Integer call() {
            HatchCommand root = audit.root;
            AuditChain.Options options;
            try {
                options = new AuditChain.Options(key == null ? null : AuditChain.readKeyOption("--hmac-key", key), expectRecords, expectHash);
            } catch (AuditChain.UsageException e) {
                throw CliException.usage(e.getMessage());
            }
            String broken = null;
            for (Path file : files) {
                if (!java.nio.file.Files.exists(file)) {
                    throw CliException.usage(file + ": no such file");
                }
                AuditChain.Report r;
                try {
                    r = AuditChain.verifySet(file, options);
                } catch (NoSuchFileException e) {
                    throw CliException.usage(file + ": no such file");
                } catch (AuditChain.UsageException e) {
                    throw CliException.usage(e.getMessage());
                } catch (IOException | java.io.UncheckedIOException e) {
                    throw CliException.failed(file + ": cannot read it (" + Text.line(e.getMessage(), 100) + ")");
                }
                String firstProblem = r.ok() ? "" : r.problems().get(0).toString();
                if (!root.output().printJson(root.out(), OutputOptions.object("file", file.toString(), "ok", r.ok(),
                        "files", r.files().size(), "records", r.records(), "keyed", r.keyed(), "head", r.head(), "problem", firstProblem))) {
                    if (r.ok()) {
                        root.out().println(file + ": OK, " + r.records() + " records in " + r.files().size() + " file(s), "
                                + (r.keyed() ? "keyed (HMAC-SHA256) " : "") + "chain intact, head " + r.head());
                    }
                    for (AuditChain.Problem p : r.problems()) {
                        root.out().println("BROKEN " + p);
                    }
                    for (String note : r.notes()) {
                        root.out().println("note: " + note);
                    }
                }
                if (!r.ok() && broken == null) {
                    broken = "audit chain broken: " + firstProblem;
                }
            }
            if (broken != null) {
                throw CliException.failed(broken);
            }
            return 0;
        }
    }
}
