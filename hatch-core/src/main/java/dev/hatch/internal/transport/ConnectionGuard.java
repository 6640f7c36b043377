package dev.hatch.internal.transport;

import dev.hatch.Limits;
import dev.hatch.internal.security.ClientAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * What Jetty lacks, per HTTP connection: a total cap and a per-address cap (excess connections
 * are closed at once), and a deadline for each complete request head — from the moment the
 * connection opens for the first request ({@code head-timeout}), from the end of the previous
 * response for the next ({@code keep-alive-timeout}). A client trickling header bytes is
 * closed when its deadline passes, however steadily it trickles.
 *
 * <p>When the total cap is reached, a new connection from an address holding few connections
 * evicts a waiting connection of the address holding the most, so that one busy address, or
 * many, cannot lock an administrator out from another.
 */
final class ConnectionGuard implements Connection.Listener {
    /** Where refusals are reported for the audit log. */
    interface Refusals {
        void refused(String client, String outcome, String detail);
    }

    private final int maxTotal;
    private final int maxPerAddress;
    private final long headTimeoutMs;
    private final long keepAliveMs;
    private final Scheduler scheduler;
    private final Refusals refusals;
    private final Map<Connection, State> states = new ConcurrentHashMap<>();
    private final Map<String, Deque<State>> byAddress = new HashMap<>();
    private int total;

    ConnectionGuard(Limits limits, Scheduler scheduler, Refusals refusals) {
        this.maxTotal = limits.maxConnections();
        this.maxPerAddress = limits.maxConnectionsPerAddress();
        this.headTimeoutMs = limits.headTimeout().toMillis();
        this.keepAliveMs = limits.keepAliveTimeout().toMillis();
        this.scheduler = scheduler;
        this.refusals = refusals;
    }

    @Override
    public void onOpened(Connection connection) {
        String address = address(connection.getEndPoint().getRemoteSocketAddress());
        State state = new State(connection, address);
        State victim = null;
        String refusal = null;
        synchronized (byAddress) {
            Deque<State> mine = byAddress.get(address);
            int mineCount = mine == null ? 0 : mine.size();
            if (mineCount >= maxPerAddress) {
                refusal = "this address already holds " + mineCount + " connections (hatch.limits.connections-per-address)";
            } else if (total >= maxTotal) {
                victim = evictable(mineCount);
                if (victim == null) {
                    refusal = "the endpoint holds " + total + " connections (hatch.limits.connections)";
                } else {
                    forget(victim);
                }
            }
            if (refusal == null) {
                byAddress.computeIfAbsent(address, a -> new ArrayDeque<>()).addLast(state);
                total++;
            }
        }
        if (refusal != null) {
            refusals.refused(address, "connection-limit", refusal);
            connection.getEndPoint().close();
            return;
        }
        states.put(connection, state);
        arm(state, headTimeoutMs, false);
        if (victim != null) {
            states.remove(victim.connection);
            victim.disarm();
            refusals.refused(victim.address, "connection-evicted", "closed to make room for a connection from another address");
            victim.connection.getEndPoint().close();
        }
    }

    @Override
    public void onClosed(Connection connection) {
        State state = states.remove(connection);
        if (state != null) {
            state.disarm();
            synchronized (byAddress) {
                forget(state);
            }
        }
    }

    /** The request head of the connection is complete and its request is being handled. */
    void requestStarted(Connection connection) {
        State state = states.get(connection);
        if (state != null) {
            state.disarm();
        }
    }

    /** The response is about to complete: the next request head must arrive within the keep-alive timeout. */
    void requestEnded(Connection connection) {
        State state = states.get(connection);
        if (state != null) {
            arm(state, keepAliveMs, true);
        }
    }

    int open() {
        synchronized (byAddress) {
            return total;
        }
    }

    private void arm(State state, long ms, boolean keepAlive) {
        long bytesIn = state.connection.getBytesIn();
        synchronized (state) {
            long generation = ++state.generation;
            state.cancel();
            state.task = scheduler.schedule(() -> expire(state, generation, keepAlive, bytesIn), ms, TimeUnit.MILLISECONDS);
        }
    }

    private void expire(State state, long generation, boolean keepAlive, long bytesInAtArm) {
        synchronized (state) {
            if (state.generation != generation) {
                return;
            }
        }
        // An idle keep-alive connection closing is normal; a head that did not arrive in time is not.
        if (!keepAlive || state.connection.getBytesIn() != bytesInAtArm) {
            refusals.refused(state.address, "head-timeout", "the request head did not arrive within "
                    + (keepAlive ? keepAliveMs + " ms (hatch.limits.keep-alive-timeout)" : headTimeoutMs + " ms (hatch.limits.head-timeout)"));
        }
        state.connection.getEndPoint().close();
    }

    /** Under the lock: the oldest waiting connection of the address holding the most, if it holds more than this one would. */
    private State evictable(int mineCount) {
        Deque<State> heaviest = null;
        for (Deque<State> d : byAddress.values()) {
            if (heaviest == null || d.size() > heaviest.size()) {
                heaviest = d;
            }
        }
        if (heaviest == null || heaviest.size() <= mineCount + 1) {
            return null;
        }
        for (State s : heaviest) {
            if (s.waiting()) {
                return s;
            }
        }
        return null;
    }

    /** Under the lock. */
    private void forget(State state) {
        Deque<State> d = byAddress.get(state.address);
        if (d != null && d.remove(state)) {
            total--;
            if (d.isEmpty()) {
                byAddress.remove(state.address);
            }
        }
    }

    private static String address(SocketAddress remote) {
        if (remote instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return ClientAddress.key(inet.getAddress().getHostAddress());
        }
        return "unknown";
    }

    /** One tracked connection. */
    private static final class State {
        final Connection connection;
        final String address;
        long generation;
        Scheduler.Task task;

        State(Connection connection, String address) {
            this.connection = connection;
            this.address = address;
        }

        synchronized boolean waiting() {
            return task != null;
        }

        synchronized void disarm() {
            generation++;
            cancel();
        }

        /** Under this state's lock. */
        void cancel() {
            if (task != null) {
                task.cancel();
                task = null;
            }
        }
    }
}
