package dev.hatch.audit;

import dev.hatch.http.Json;
import dev.hatch.security.PrivateFiles;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The audit log: one JSON line per request, each carrying the hash of the line before
 * ({@code prev}) and its own ({@code hash}), so that an edited, inserted or removed line breaks
 * the chain ({@link AuditChain#verify}). The file is 0600 and rotated by size; the newest
 * records are also kept in memory for {@code GET /ops/audit}. A failure to write is logged and
 * never fails the request or the host. Refusals ({@link #refusal}) are summarised per address
 * and interval once an address has had its share written one by one ({@link RefusalSummary}).
 */
public final class AuditLog implements Closeable {
    private static final System.Logger LOG = System.getLogger("dev.hatch.audit");

    private final Path file;
    private final long maxBytes;
    private final int keepFiles;
    private final int memoryRecords;
    private final Deque<String> newest = new ArrayDeque<>();
    private FileChannel channel;
    private String prev;
    private long lastWriteWarning;
    private boolean closed;
    private final RefusalSummary summary;
    private final ScheduledExecutorService summaryTimer;

    /**
     * Opens (or continues) the log.
     *
     * @param maxBytes the size at which the file is rotated
     * @param keepFiles how many rotated files are kept ({@code audit.jsonl.1} … {@code .N})
     * @param memoryRecords how many of the newest records {@link #newest(int)} can return
     */
    public AuditLog(Path file, long maxBytes, int keepFiles, int memoryRecords) throws IOException {
        this(file, maxBytes, keepFiles, memoryRecords, Integer.MAX_VALUE, Duration.ofMinutes(1));
    }

    /**
     * Opens (or continues) the log, summarising refusals.
     *
     * @param summaryAfter refusals per address and interval written one by one; further ones are counted
     * @param summaryInterval the interval; one summary record per address is written when it ends
     */
    public AuditLog(Path file, long maxBytes, int keepFiles, int memoryRecords, int summaryAfter, Duration summaryInterval)
            throws IOException {
        this.file = file.toAbsolutePath();
        this.maxBytes = maxBytes;
        this.keepFiles = keepFiles;
        this.memoryRecords = memoryRecords;
        this.prev = AuditChain.lastHash(this.file);
        open();
        this.summary = new RefusalSummary(summaryAfter, summaryInterval, Instant.now());
        if (summaryAfter == Integer.MAX_VALUE) {
            this.summaryTimer = null;
        } else {
            this.summaryTimer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "hatch-audit-summary");
                t.setDaemon(true);
                return t;
            });
            long ms = summaryInterval.toMillis();
            summaryTimer.scheduleAtFixedRate(this::flushSummaries, ms, ms, TimeUnit.MILLISECONDS);
        }
    }

    private void open() throws IOException {
        if (!Files.exists(file)) {
            Files.createDirectories(file.getParent());
            PrivateFiles.createFile(file);
        } else {
            PrivateFiles.restrict(file);
        }
        channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    /** The log file. */
    public Path file() {
        return file;
    }

    /**
     * Appends a record. The fields are written in the given order, followed by {@code prev} and
     * {@code hash}.
     */
    public void append(Map<String, Object> fields) {
        Map<String, Object> record = new LinkedHashMap<>(fields);
        record.remove("prev");
        record.remove("hash");
        synchronized (this) {
            record.put("prev", prev);
            String body = Json.write(record);
            String hash = AuditChain.hash(body);
            String line = body.substring(0, body.length() - 1) + ",\"hash\":\"" + hash + "\"}";
            prev = hash;
            newest.addLast(line);
            while (newest.size() > memoryRecords) {
                newest.removeFirst();
            }
            write(line);
        }
    }

    private void write(String line) {
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        if (closed) {
            return;
        }
        try {
            if (channel == null) {
                open();
            }
            if (channel.size() > 0 && channel.size() + bytes.length > maxBytes) {
                rotate();
            }
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
        } catch (IOException e) {
            long now = System.currentTimeMillis();
            if (now - lastWriteWarning > 60_000) {
                lastWriteWarning = now;
                LOG.log(System.Logger.Level.WARNING, "cannot write the audit log " + file + "; records are kept in memory only", e);
            }
            closeQuietly();
        }
    }

    private void rotate() throws IOException {
        channel.close();
        channel = null;
        for (int i = keepFiles - 1; i >= 1; i--) {
            Path from = Path.of(file + "." + i);
            if (Files.exists(from)) {
                Files.move(from, Path.of(file + "." + (i + 1)), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.deleteIfExists(Path.of(file + "." + (keepFiles + 1)));
        Files.move(file, Path.of(file + ".1"), StandardCopyOption.REPLACE_EXISTING);
        open();
    }

    /**
     * Records a refused request: written like {@link #append} while the address has written
     * fewer than the summary threshold in this interval, otherwise only counted under its
     * {@code outcome} for the interval's summary record.
     */
    public void refusal(Map<String, Object> fields) {
        String client = String.valueOf(fields.get("client"));
        String outcome = String.valueOf(fields.get("outcome"));
        if (summary.write(client, outcome)) {
            append(fields);
        }
    }

    private void flushSummaries() {
        try {
            summary.drain(Instant.now(), false).forEach(this::append);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot write the audit summary", e);
        }
    }

    /** The newest records, oldest first, as JSON lines. */
    public synchronized List<String> newest(int limit) {
        List<String> all = new ArrayList<>(newest);
        return all.subList(Math.max(0, all.size() - limit), all.size());
    }

    private void closeQuietly() {
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException ignored) {
            // nothing more to do
        }
        channel = null;
    }

    @Override
    public void close() {
        if (summaryTimer != null) {
            summaryTimer.shutdownNow();
        }
        summary.drain(Instant.now(), true).forEach(this::append);
        synchronized (this) {
            closed = true;
            closeQuietly();
        }
    }
}
