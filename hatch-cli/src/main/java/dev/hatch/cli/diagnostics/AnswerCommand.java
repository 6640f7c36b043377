package dev.hatch.cli.diagnostics;

import dev.hatch.cli.HatchCommand;
import dev.hatch.cli.connection.HatchClient;
import dev.hatch.cli.output.Doc;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.ParentCommand;

/**
 * A command that shows one answer of the server: as it came with {@code --json}, else in a
 * readable form that the subclass prints.
 */
abstract class AnswerCommand implements Callable<Integer> {
    @ParentCommand
    HatchCommand root;

    /**
     * Prints the answer; returns the exit status (0).
     *
     * @param what names the answer in the failure when it is not JSON, e.g. {@code "the leak report"}
     */
    final int show(HatchClient.Reply reply, String what) {
        root.output().print(root.out(), reply.raw(), out -> show(reply.json(what), out));
        return 0;
    }

    /** Prints the answer for a person. */
    abstract void show(Doc answer, PrintStream out);
}
