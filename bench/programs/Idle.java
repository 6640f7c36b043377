import java.time.Duration;

/**
 * A host that does nothing: prints {@code main <epoch ms>} as soon as main runs, then sleeps
 * until killed or until its lifetime (first argument, seconds; default 600) ends. Agents
 * attached to it serve their endpoints from their own threads.
 */
public final class Idle {
    public static void main(String[] args) throws InterruptedException {
        System.out.println("main " + System.currentTimeMillis());
        System.out.flush();
        long lifetime = args.length > 0 ? Long.parseLong(args[0]) : 600;
        Thread.sleep(Duration.ofSeconds(lifetime).toMillis());
        // the end of main: what follows until the process is gone is the exit (agents' shutdown work included)
        System.out.println("end " + System.currentTimeMillis());
        System.out.flush();
    }
}
