package dev.hatch.agent.testapp;

import dev.hatch.Hatch;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A tiny program that embeds Hatch the way a user of the published hatch-core jar does: run with
 * nothing but that jar and this class on the class path. It starts the endpoint from the
 * properties file named by its argument, prints the agent's status line on standard error
 * ({@code hatch: maintenance endpoint at URL}), answers {@code ping} with {@code PONG}, and
 * stops the endpoint and exits when standard input closes (or after two minutes).
 */
public final class CoreApp {
    /** Objects the heap dump should show. */
    static final List<Held> HELD = new ArrayList<>();

    private CoreApp() {
    }

    /** One held object. */
    record Held(long id) {
    }

    public static void main(String[] args) throws Exception {
        for (int i = 0; i < 1000; i++) {
            HELD.add(new Held(i));
        }
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(120_000);
            } catch (InterruptedException e) {
                return;
            }
            System.out.println("TIMEOUT");
            System.exit(3);
        }, "core-app-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        try (Hatch hatch = Hatch.builder().properties(Path.of(args[0])).start()) {
            System.err.println("hatch: maintenance endpoint at " + hatch.url());
            System.out.println("READY " + ProcessHandle.current().pid());
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null) {
                if (line.trim().equals("ping")) {
                    System.out.println("PONG " + HELD.size());
                    System.out.flush();
                }
            }
        }
    }
}
