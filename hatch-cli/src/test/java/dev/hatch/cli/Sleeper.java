package dev.hatch.cli;

/** A tiny application for the attach test: says it is ready, then waits to be attached to. */
public final class Sleeper {
    private Sleeper() {
    }

    public static void main(String[] args) throws InterruptedException {
        System.out.println("sleeper ready");
        System.out.flush();
        Thread.sleep(300_000);
    }
}
