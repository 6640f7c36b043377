package dev.hatch.internal.security;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The handler slots, shared fairly between principals. Three rules:
 * <ol>
 * <li>at most {@code total} slots are held at once;</li>
 * <li>one principal holds at most {@code perPrincipal} of them;</li>
 * <li>the last {@code reserved} free slots go only to a principal that holds none: a principal
 * already served waits for them to be more.</li>
 * </ol>
 * So principals that hold slow requests (a trickled body, a download read slowly) can only take
 * every slot together when there are at least {@code ceil((total - reserved) / perPrincipal) +
 * reserved} of them: with the defaults (8, 4, 2) four distinct principals; any fewer leave a slot
 * for the next caller, an administrator included. A request that cannot have a slot waits up to
 * a second in a bounded queue, where a principal has at most its share of requests waiting.
 */
final class HandlerSlots {
    /** Why a slot was not given. */
    enum Refusal {
        /** The principal still holds its share after the wait, or has its share of requests waiting already. */
        SHARE,
        /** No slot became free for the principal within the wait, or the queue was full. */
        BUSY
    }

    private final int total;
    private final int perPrincipal;
    private final int reserved;
    private final int maxWaiting;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition freed = lock.newCondition();
    private final Map<String, Integer> held = new HashMap<>();
    private final Map<String, Integer> waitingBy = new HashMap<>();
    private int used;
    private int waiting;

    HandlerSlots(int total, int perPrincipal, int reserved, int maxWaiting) {
        this.total = total;
        this.perPrincipal = Math.min(perPrincipal, total);
        this.reserved = Math.min(reserved, total - 1);
        this.maxWaiting = maxWaiting;
    }

    /**
     * Takes a slot for the principal, waiting up to {@code waitMillis} for one in the bounded
     * queue (a principal has at most its share of requests waiting, too).
     *
     * @return {@code null} when the slot was taken (release it with {@link #release}), else why not
     */
    Refusal acquire(String principal, long waitMillis) {
        lock.lock();
        try {
            if (take(principal)) {
                return null;
            }
            int mineWaiting = waitingBy.getOrDefault(principal, 0);
            if (waiting >= maxWaiting || mineWaiting >= perPrincipal) {
                return why(principal);
            }
            waiting++;
            waitingBy.put(principal, mineWaiting + 1);
            try {
                long nanos = TimeUnit.MILLISECONDS.toNanos(waitMillis);
                while (nanos > 0) {
                    nanos = freed.awaitNanos(nanos);
                    if (take(principal)) {
                        return null;
                    }
                }
                return why(principal);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return why(principal);
            } finally {
                waiting--;
                int left = waitingBy.get(principal) - 1;
                if (left == 0) {
                    waitingBy.remove(principal);
                } else {
                    waitingBy.put(principal, left);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private Refusal why(String principal) {
        return held.getOrDefault(principal, 0) >= perPrincipal ? Refusal.SHARE : Refusal.BUSY;
    }

    /** Under the lock: takes a slot if the rules allow it. */
    private boolean take(String principal) {
        int mine = held.getOrDefault(principal, 0);
        int free = total - used;
        if (mine >= perPrincipal || free <= 0 || mine > 0 && free <= reserved) {
            return false;
        }
        used++;
        held.put(principal, mine + 1);
        return true;
    }

    /** Gives back a slot the principal took. */
    void release(String principal) {
        lock.lock();
        try {
            used--;
            int mine = held.getOrDefault(principal, 0) - 1;
            if (mine <= 0) {
                held.remove(principal);
            } else {
                held.put(principal, mine);
            }
            // Which waiter may take the slot depends on who it is: wake them all (at most the queue's bound).
            freed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Slots held right now (for tests). */
    int used() {
        lock.lock();
        try {
            return used;
        } finally {
            lock.unlock();
        }
    }
}
