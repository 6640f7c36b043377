package dev.hatch.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay on loopback in front of a real endpoint that breaks the network the way a flaky
 * link does: a connection whose answers pass {@code cutAfter} bytes is closed mid-transfer, as
 * long as cuts are left. Requests and answers are relayed unchanged, so the CLI talks to the
 * real server through it.
 */
final class CuttingProxy implements AutoCloseable {
    private final ServerSocket server;
    private final int upstreamPort;
    private final long cutAfter;
    /** How many more connections it will break. */
    final AtomicInteger cuts;
    /** How many connections it did break. */
    final AtomicInteger cut = new AtomicInteger();
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    CuttingProxy(int upstreamPort, long cutAfter, int cuts) throws IOException {
        this.upstreamPort = upstreamPort;
        this.cutAfter = cutAfter;
        this.cuts = new AtomicInteger(cuts);
        this.server = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::accept, "cutting-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
                open.add(client);
                open.add(upstream);
                pump(client, upstream, false);
                pump(upstream, client, true);
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pump(Socket from, Socket to, boolean answers) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[16 * 1024];
            long passed = 0;
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) > 0) {
                    if (answers && passed + n > cutAfter && cuts.getAndUpdate(c -> Math.max(0, c - 1)) > 0) {
                        out.write(buf, 0, (int) Math.max(0, cutAfter - passed));
                        out.flush();
                        cut.incrementAndGet();
                        break;
                    }
                    out.write(buf, 0, n);
                    passed += n;
                }
            } catch (IOException e) {
                // the other side closed: close both below
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "cutting-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        open.forEach(CuttingProxy::closeQuietly);
    }
}
