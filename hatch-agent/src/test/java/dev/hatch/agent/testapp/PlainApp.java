package dev.hatch.agent.testapp;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * A plain program that knows nothing of Hatch, for the agent's black-box tests. It starts two
 * worker threads, holds some objects, prints {@code READY}, answers each {@code ping} line on
 * standard input with {@code PONG}, and exits when standard input closes or after two minutes,
 * whichever comes first, so that a forgotten child never outlives the build for long.
 */
public final class PlainApp {
    /** Public state, as many programs have: what the REPL black-box test reads. */
    public static volatile String mode = "serving";

    /** Objects the heap dump should show. */
    static final List<Order> ORDERS = new ArrayList<>();

    private PlainApp() {
    }

    /** One held object. */
    record Order(long id, String customer) {
    }

    public static void main(String[] args) throws Exception {
        for (int i = 0; i < 1000; i++) {
            ORDERS.add(new Order(i, "customer-" + i));
        }
        CountDownLatch stop = new CountDownLatch(1);
        for (int i = 1; i <= 2; i++) {
            Thread worker = new Thread(() -> {
                try {
                    stop.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "order-worker-" + i);
            worker.setDaemon(true);
            worker.start();
        }
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(120_000);
            } catch (InterruptedException e) {
                return;
            }
            System.out.println("TIMEOUT");
            System.exit(3);
        }, "plain-app-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();

        System.out.println("READY " + ProcessHandle.current().pid());
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            if (line.trim().equals("ping")) {
                System.out.println("PONG " + ORDERS.size());
                System.out.flush();
            }
        }
        stop.countDown();
    }
}
