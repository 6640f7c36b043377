package dev.hatch.cli.output;

import java.io.Console;

/** Whether a person is watching: decides progress bars and colours. */
public final class Terminals {
    private Terminals() {
    }

    /**
     * True when standard input and output are a terminal. {@code System.console()} alone is not
     * enough on JDK 22+, which returns a console even for pipes; there {@code Console.isTerminal()}
     * (not in the 17 API, hence reflection) tells.
     */
    public static boolean interactive() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            Object terminal = Console.class.getMethod("isTerminal").invoke(console);
            return Boolean.TRUE.equals(terminal);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }
}
