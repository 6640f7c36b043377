package dev.hatch.internal.repl;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.ExpressionSnippet;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.UnresolvedReferenceException;
import jdk.jshell.VarSnippet;

/**
 * Evaluates the code of one request, snippet by snippet, on the evaluation thread, and collects
 * what happened: the last value, compile errors with their line and column in the request's
 * code, an exception with its stack trace, or a refused exit. Stops at the first failure.
 */
final class Evaluation implements Runnable {
    private final JShell shell;
    private final GuardedExecutionControl control;
    private final String code;

    volatile String outcome = "ok";
    volatile String value;
    volatile String name;
    volatile String error;
    final List<Map<String, Object>> diagnostics = new CopyOnWriteArrayList<>();
    private int errors;

    Evaluation(JShell shell, GuardedExecutionControl control, String code) {
        this.shell = shell;
        this.control = control;
        this.code = code;
    }

    @Override
    public void run() {
        SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
        String remaining = code;
        while (!control.stopRequested()) {
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(remaining);
            if (info.completeness() == SourceCodeAnalysis.Completeness.EMPTY) {
                return;
            }
            boolean complete = info.completeness().isComplete();
            String source = complete ? info.source() : remaining;
            int offset = code.length() - remaining.length() + start(remaining, source);
            if (!handle(shell.eval(source), offset) || !complete) {
                return;
            }
            remaining = info.remaining();
        }
    }

    /** Where the snippet's source begins in the remaining text (JShell drops leading blanks and comments). */
    private static int start(String remaining, String source) {
        String head = source.strip();
        head = head.substring(0, Math.min(head.length(), 16));
        if (head.endsWith(";")) {
            head = head.substring(0, head.length() - 1);
        }
        int at = head.isEmpty() ? -1 : remaining.indexOf(head);
        if (at >= 0) {
            return at - source.indexOf(head);
        }
        int i = 0;
        while (i < remaining.length() && Character.isWhitespace(remaining.charAt(i))) {
            i++;
        }
        return i;
    }

    private boolean handle(List<SnippetEvent> events, int offset) {
        for (SnippetEvent e : events) {
            if (e.causeSnippet() != null) {
                continue; // a dependent snippet updated by this one
            }
            Snippet snippet = e.snippet();
            collectDiagnostics(snippet, offset);
            String refusal = control.loader().takeRefusal();
            if (refusal != null) {
                shell.drop(snippet);
                outcome = "refused";
                error = "refused: the snippet calls " + refusal + ", which would end the application's process."
                        + " The REPL refuses System.exit, Runtime.exit and Runtime.halt";
                return false;
            }
            if (control.stopRequested()) {
                return false;
            }
            if (e.status() == Snippet.Status.REJECTED) {
                outcome = "compile-error";
                error = "compile error" + (diagnostics.isEmpty() ? "" : ": " + describe(diagnostics.get(0)));
                return false;
            }
            if (e.exception() != null) {
                outcome = "exception";
                error = StackTraces.format(e.exception(), shell);
                return false;
            }
            value = e.value() == null || e.value().isEmpty() ? null : e.value();
            name = snippet instanceof VarSnippet v ? v.name() : snippet instanceof ExpressionSnippet x ? x.name() : null;
        }
        return true;
    }

    private void collectDiagnostics(Snippet snippet, int offset) {
        shell.diagnostics(snippet).forEach(d -> {
            long pos = d.getPosition() != Diag.NOPOS ? d.getPosition() : d.getStartPosition();
            int abs = (int) Math.max(0, Math.min(code.length(), offset + Math.max(0, pos)));
            int line = 1;
            int column = 1;
            for (int i = 0; i < abs; i++) {
                if (code.charAt(i) == '\n') {
                    line++;
                    column = 1;
                } else {
                    column++;
                }
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("severity", d.isError() ? "error" : "warning");
            m.put("line", line);
            m.put("column", column);
            m.put("message", d.getMessage(Locale.ENGLISH));
            if (d.isError()) {
                diagnostics.add(errors++, m);
            } else {
                diagnostics.add(m);
            }
        });
    }

    static String describe(Map<String, Object> diagnostic) {
        return "line " + diagnostic.get("line") + ", column " + diagnostic.get("column") + ": " + diagnostic.get("message");
    }

    /** Formats JShell's view of a snippet's exception like {@code Throwable.printStackTrace}. */
    static final class StackTraces {
        private StackTraces() {
        }

        static String format(JShellException e, JShell shell) {
            StringBuilder sb = new StringBuilder();
            JShellException current = e;
            for (int depth = 0; current != null && depth < 16; depth++) {
                if (depth > 0) {
                    sb.append("\nCaused by: ");
                }
                if (current instanceof EvalException ee) {
                    sb.append(ee.getExceptionClassName());
                    if (ee.getMessage() != null) {
                        sb.append(": ").append(ee.getMessage());
                    }
                } else if (current instanceof UnresolvedReferenceException ure) {
                    sb.append("unresolved reference: ").append(ure.getSnippet().source().strip().lines().findFirst().orElse(""))
                            .append(" cannot be used until ")
                            .append(String.join(", ", shell.unresolvedDependencies(ure.getSnippet()).toList()))
                            .append(" is declared");
                } else {
                    sb.append(current.getClass().getName()).append(": ").append(current.getMessage());
                }
                for (StackTraceElement f : current.getStackTrace()) {
                    sb.append("\n\tat ").append(frame(f));
                }
                current = current.getCause() instanceof JShellException c ? c : null;
            }
            return sb.toString();
        }

        private static String frame(StackTraceElement f) {
            String file = f.getFileName();
            if (file != null && file.startsWith("#")) {
                String where = f.getClassName().isEmpty() ? f.getMethodName()
                        : f.getMethodName().isEmpty() ? f.getClassName() : f.getClassName() + "." + f.getMethodName();
                return where + "(" + file + ":" + f.getLineNumber() + ")";
            }
            return f.toString();
        }
    }
}
