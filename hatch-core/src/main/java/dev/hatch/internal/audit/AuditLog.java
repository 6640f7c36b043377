package dev.hatch.internal.audit;

import dev.hatch.Scope;
import dev.hatch.internal.concurrent.SharedTimer;
import dev.hatch.internal.http.Json;
import dev.hatch.internal.metrics.MetricsSource;
import dev.hatch.internal.metrics.MetricsWriter;
import dev.hatch.internal.security.PrivateFiles;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The audit log: one JSON line per request, chained by {@code prev}/{@code hash} (HMAC-SHA256
 * under {@code hatch.audit.key}, SHA-256 without one; format in {@link AuditChain}). The file is
 * 0600 and rotated by size; the rotated files stay one chain (each file starts with a
 * {@code file-start} record linking to the file before). The newest records are also kept in
 * memory for {@code GET /ops/audit}.
 *
 * <p>A record is handed to the operating system before {@link #append} returns. When that
 * fails, the partial line is cut off again, the failure is counted
 * ({@code hatch_audit_write_failures_total}) and the next record that can be written is preceded
 * by a {@code lost} record counting what was lost; the chain never has a gap. For scopes that
 * refuse on failure ({@code hatch.audit.on-failure}), the pipeline writes an {@code intent}
 * record before the handler runs ({@link #intent}) and refuses the request when it cannot.
 *
 * <p>The chain's head (record count and last hash) is published as an anchor in Hatch's log
 * ({@code dev.hatch.internal.audit}) at start, at each rotation, periodically and at close, and as
 * metrics, so that a cut tail shows against it ({@code AuditChain --expect-records}).
 */
public final class AuditLog implements Closeable {
    /** Scopes that refuse a request whose audit record cannot be written, unless configured otherwise. */
    public static final Set<Scope> DEFAULT_REFUSE_SCOPES = Set.copyOf(EnumSet.of(Scope.DUMP, Scope.OPERATE, Scope.ADMIN, Scope.REPL));

    /**
     * How the log is written.
     *
     * @param file the current file; rotated files are {@code file.1} (newest) … {@code file.N}
     * @param maxBytes the size at which the file is rotated
     * @param keepFiles how many rotated files are kept; older ones are deleted
     * @param memoryRecords how many of the newest records {@link #newest(int)} can return
     * @param summaryAfter refusals per address and interval written one by one; further ones are
     *     counted ({@link Integer#MAX_VALUE}: never summarise)
     * @param summaryInterval the interval; one summary record per address is written when it ends
     * @param key the HMAC-SHA256 key of the chain, or {@code null} for plain SHA-256
     * @param refuseOnFailure the scopes whose requests are refused when their record cannot be written
     * @param anchorInterval how often the head of the chain is published while it grows
     */
    public record Settings(Path file, long maxBytes, int keepFiles, int memoryRecords, int summaryAfter,
                           Duration summaryInterval, byte[] key, Set<Scope> refuseOnFailure, Duration anchorInterval) {
        /** Settings with the defaults beyond the file and rotation: no summaries, unkeyed, refusing as by default, anchor every 5 minutes. */
        public static Settings of(Path file, long maxBytes, int keepFiles, int memoryRecords) {
            return new Settings(file, maxBytes, keepFiles, memoryRecords, Integer.MAX_VALUE, Duration.ofMinutes(1), null,
                    DEFAULT_REFUSE_SCOPES, Duration.ofMinutes(5));
        }
    }

    /**
     * A published head of the chain.
     *
     * @param records records in the chain since its first file-start record
     * @param hash the hash of the last of them
     * @param time when it was published
     */
    public record Anchor(long records, String hash, Instant time) {
    }

    private final Path file;
    private final long maxBytes;
    private final int keepFiles;
    private final int memoryRecords;
    private final AuditChain.Hasher hasher;
    private final Set<Scope> refuseOnFailure;
    private final Deque<String> newest = new ArrayDeque<>();
    private final RefusalSummary summary;
    private final SharedTimer timer;
    private final AtomicLong writeFailures = new AtomicLong();

    // The chain, guarded by this.
    private FileChannel channel;
    private long goodSize;
    private String prev;
    private volatile long total;
    private long fileNumber;
    private long fileRecords;
    private long lost;
    private Instant lostFrom;
    private String lastError;
    private long lastWriteWarning;
    private boolean closed;
    private volatile Anchor anchor;

    /** Opens (or continues) the log without summaries, unkeyed. */
    public AuditLog(Path file, long maxBytes, int keepFiles, int memoryRecords) throws IOException {
        this(Settings.of(file, maxBytes, keepFiles, memoryRecords));
    }

    /**
     * Opens the log. An existing file that ends cleanly in a record is continued; one that ends
     * in an incomplete record (a crash) is kept as {@code file.1} and the chain continues in a
     * new file. The file is created at once, so that a directory Hatch cannot write fails the start.
     */
    public AuditLog(Settings s) throws IOException {
        this.file = s.file().toAbsolutePath();
        this.maxBytes = s.maxBytes();
        this.keepFiles = s.keepFiles();
        this.memoryRecords = s.memoryRecords();
        this.hasher = new AuditChain.Hasher(s.key());
        this.refuseOnFailure = s.refuseOnFailure() == null ? Set.of() : Set.copyOf(s.refuseOnFailure());
        start();
        this.summary = new RefusalSummary(s.summaryAfter(), s.summaryInterval(), Instant.now());
        this.timer = SharedTimer.acquire();
        if (s.summaryAfter() != Integer.MAX_VALUE) {
            long ms = s.summaryInterval().toMillis();
            timer.scheduleAtFixedRate(this::flushSummaries, ms, ms, TimeUnit.MILLISECONDS);
        }
        long anchorMs = Math.max(100, s.anchorInterval().toMillis());
        timer.scheduleAtFixedRate(() -> publish("periodic", false), anchorMs, anchorMs, TimeUnit.MILLISECONDS);
    }

    /** Where the chain goes on: the current file, or the newest rotated one, or a new chain. */
    private synchronized void start() throws IOException {
        Files.createDirectories(file.getParent());
        boolean current = Files.exists(file) && Files.size(file) > 0;
        Path last = current ? file : Path.of(file + ".1");
        AuditChain.FileState st = Files.exists(last) ? AuditChain.scan(last) : null;
        if (st != null && st.fileNumber() > 0 && st.lastHash() != null) {
            prev = st.lastHash();
            total = st.before() + st.records();
            fileNumber = st.fileNumber();
            fileRecords = st.records();
        } else {
            prev = AuditChain.GENESIS;
            total = 0;
            fileNumber = 0;
            if (st != null) {
                log().log(System.Logger.Level.WARNING, "audit file {0} is not in the current format or holds no record;"
                        + " a new chain starts", last);
            }
        }
        if (current && (st == null || !st.clean())) {
            log().log(System.Logger.Level.WARNING, "audit file {0} ends with an incomplete record (a crash or a full disk);"
                    + " it is kept as {0}.1 and the chain continues in a new file", file);
            shiftRotated();
            current = false;
        }
        if (!current) {
            fileNumber++;
            fileRecords = 0;
        }
        openChannel();
        if (total > 0) {
            publish("start", true);
        }
    }

    private void openChannel() throws IOException {
        if (!Files.exists(file)) {
            PrivateFiles.createFile(file);
        } else {
            PrivateFiles.restrict(file);
        }
        channel = FileChannel.open(file, StandardOpenOption.WRITE);
        goodSize = channel.size();
    }

    /** The log file. */
    public Path file() {
        return file;
    }

    /**
     * Whether a request of this scope is refused when its audit record cannot be written;
     * {@code null} (a route any valid token may call, such as the index) follows monitor.
     */
    public boolean refusesOnFailure(Scope scope) {
        return refuseOnFailure.contains(scope == null ? Scope.MONITOR : scope);
    }

    /**
     * Appends a record. The fields are written in the given order, followed by {@code prev} and
     * {@code hash}.
     *
     * @return whether the record was handed to the operating system
     */
    public boolean append(Map<String, Object> fields) {
        return write(fields) == null;
    }

    /**
     * Appends the {@code intent} record of a privileged request before its handler runs.
     *
     * @return {@code null} when it was written, else why not (never a path)
     */
    public String intent(Map<String, Object> fields) {
        Map<String, Object> record = new LinkedHashMap<>(fields);
        record.put("type", AuditChain.INTENT);
        return write(record);
    }

    private synchronized String write(Map<String, Object> fields) {
        Map<String, Object> record = new LinkedHashMap<>(fields);
        record.remove("prev");
        record.remove("hash");
        if (closed) {
            return "the audit log is closed";
        }
        try {
            if (channel == null) {
                reopen();
            }
            List<String> lines = compose(record);
            if (fileRecords > 0 && goodSize + bytes(lines) > maxBytes) {
                rotate();
                lines = compose(record);
            }
            byte[] bytes = join(lines);
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            long at = goodSize;
            while (buf.hasRemaining()) {
                at += channel.write(buf, at);
            }
            String last = lines.get(lines.size() - 1);
            if (!AuditChain.INTENT.equals(record.get("type"))) {
                remember(last);
            }
            prev = last.substring(last.length() - 66, last.length() - 2);
            total += lines.size();
            fileRecords += lines.size();
            goodSize += bytes.length;
            lost = 0;
            lostFrom = null;
            return null;
        } catch (IOException | RuntimeException e) {
            return failed(record, e);
        }
    }

    /** The lines for one record: a file-start record first in a new file, a lost record after failures. */
    private List<String> compose(Map<String, Object> record) {
        List<String> lines = new ArrayList<>(3);
        String p = prev;
        String now = Instant.now().toString();
        if (fileRecords == 0) {
            Map<String, Object> start = new LinkedHashMap<>();
            start.put("time", now);
            start.put("type", AuditChain.FILE_START);
            start.put("chain", hasher.chain());
            start.put("file", fileNumber);
            start.put("before", total);
            p = add(lines, start, p);
        }
        if (lost > 0) {
            Map<String, Object> gap = new LinkedHashMap<>();
            gap.put("time", now);
            gap.put("type", AuditChain.LOST);
            gap.put("records", lost);
            gap.put("from", lostFrom.toString());
            gap.put("to", now);
            gap.put("reason", lastError);
            p = add(lines, gap, p);
        }
        add(lines, record, p);
        return lines;
    }

    private String add(List<String> lines, Map<String, Object> record, String p) {
        record.put("prev", p);
        String line = AuditChain.seal(Json.write(record), hasher);
        lines.add(line);
        return line.substring(line.length() - 66, line.length() - 2);
    }

    private static long bytes(List<String> lines) {
        long n = 0;
        for (String l : lines) {
            n += l.getBytes(StandardCharsets.UTF_8).length + 1;
        }
        return n;
    }

    private static byte[] join(List<String> lines) {
        StringBuilder sb = new StringBuilder();
        for (String l : lines) {
            sb.append(l).append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void remember(String line) {
        newest.addLast(line);
        while (newest.size() > memoryRecords) {
            newest.removeFirst();
        }
    }

    /** Counts a record that could not be written and cuts off what part of it was. */
    private String failed(Map<String, Object> record, Exception e) {
        writeFailures.incrementAndGet();
        String reason = reason(e);
        lastError = reason;
        if (lost++ == 0) {
            lostFrom = Instant.now();
        }
        record.remove("prev");
        if (!AuditChain.INTENT.equals(record.get("type"))) {
            record.put("unwritten", reason);
            remember(Json.write(record));
        }
        try {
            if (channel != null && channel.size() > goodSize) {
                channel.truncate(goodSize);
            }
        } catch (IOException | RuntimeException ignored) {
            closeChannel(); // reopen() tries again
        }
        long now = System.currentTimeMillis();
        if (now - lastWriteWarning > 60_000) {
            lastWriteWarning = now;
            log().log(System.Logger.Level.WARNING, "cannot write the audit log " + file + " (" + reason + "); "
                    + "hatch_audit_write_failures_total counts the records lost", e);
        }
        return reason;
    }

    private static String reason(Exception e) {
        String r = e instanceof FileSystemException f ? f.getReason() : e.getMessage();
        if (r == null || r.isBlank() || r.contains("/") || r.contains("\\")) {
            r = e.getClass().getSimpleName();
        }
        return r.length() > 120 ? r.substring(0, 120) : r;
    }

    /**
     * After a failure: reopens the file, cutting off a partial record. A file that is gone or
     * shorter than what was written (removed or cut by someone else) is set aside by a rotation
     * and the chain continues in a new file.
     */
    private void reopen() throws IOException {
        if (!Files.exists(file)) {
            PrivateFiles.createFile(file);
            channel = FileChannel.open(file, StandardOpenOption.WRITE);
            if (fileRecords > 0) {
                fileNumber++;
                fileRecords = 0;
            }
            goodSize = 0;
            return;
        }
        channel = FileChannel.open(file, StandardOpenOption.WRITE);
        long size = channel.size();
        if (size > goodSize) {
            channel.truncate(goodSize);
        } else if (size < goodSize) {
            log().log(System.Logger.Level.WARNING, "audit file {0} is shorter than what Hatch wrote; it is kept as {0}.1", file);
            rotate();
        }
    }

    private void rotate() throws IOException {
        publish("rotation", true);
        closeChannel();
        shiftRotated();
        openChannel();
        fileNumber++;
        fileRecords = 0;
    }

    /** Moves {@code file} to {@code file.1}, {@code .1} to {@code .2} and so on; deletes what is beyond {@code keepFiles}. */
    private void shiftRotated() throws IOException {
        for (Map.Entry<Integer, Path> e : AuditChain.rotated(file).descendingMap().entrySet()) {
            if (e.getKey() >= keepFiles) {
                Files.deleteIfExists(e.getValue());
            } else {
                Files.move(e.getValue(), Path.of(file + "." + (e.getKey() + 1)), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        if (Files.exists(file)) {
            Files.move(file, Path.of(file + ".1"), StandardCopyOption.REPLACE_EXISTING);
        }
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
            log().log(System.Logger.Level.WARNING, "cannot write the audit summary", e);
        }
    }

    /** Publishes the head of the chain in Hatch's log and the metrics, unless it is the one published last (or {@code force}). */
    private void publish(String why, boolean force) {
        try {
            Anchor a;
            synchronized (this) {
                if (total == 0 || closed) {
                    return;
                }
                Anchor last = anchor;
                if (!force && last != null && last.records() == total) {
                    return;
                }
                a = new Anchor(total, prev, Instant.now());
                anchor = a;
            }
            log().log(System.Logger.Level.INFO, "audit chain anchor ({0}): {1} records, head {2}, file {3}",
                    why, Long.toString(a.records()), a.hash(), file);
        } catch (RuntimeException e) {
            log().log(System.Logger.Level.WARNING, "cannot publish the audit anchor", e);
        }
    }

    /** The anchor published last, or {@code null} before the first. */
    public Anchor anchor() {
        return anchor;
    }

    /** Records that could not be written since the start. */
    public long writeFailures() {
        return writeFailures.get();
    }

    /** Records in the chain since its first file-start record. */
    public long records() {
        return total;
    }

    /**
     * The audit metrics: {@code hatch_audit_records_total}, {@code hatch_audit_write_failures_total},
     * and the published anchor as {@code hatch_audit_head_records} and
     * {@code hatch_audit_head_info{hash="<first 16 hex digits>"}}.
     */
    public MetricsSource metrics() {
        return w -> {
            w.counter("hatch_audit_records_total", "Records in the audit chain since its first file (as the verifier counts them).")
                    .sample(total);
            w.counter("hatch_audit_write_failures_total", "Audit records that could not be written (e.g. a full disk).")
                    .sample(writeFailures.get());
            Anchor a = anchor;
            if (a != null) {
                MetricsWriter.Family records = w.gauge("hatch_audit_head_records",
                        "Records in the audit chain when its head was last published (AuditChain --expect-records).");
                records.sample(a.records());
                w.gauge("hatch_audit_head_info", "The last published head of the audit chain: its hash's first 16 hex digits"
                        + " (AuditChain --expect-hash).").sample(1, "hash", a.hash().substring(0, 16));
                w.gauge("hatch_audit_head_timestamp_seconds", "When the head of the audit chain was last published.")
                        .sample(a.time().toEpochMilli() / 1000.0);
            }
        };
    }

    /**
     * The newest request and summary records, oldest first, as JSON lines; a record that could
     * not be written is among them with {@code unwritten} (the reason) instead of its hashes.
     */
    public synchronized List<String> newest(int limit) {
        List<String> all = new ArrayList<>(newest);
        return all.subList(Math.max(0, all.size() - limit), all.size());
    }

    private void closeChannel() {
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException ignored) {
            // nothing more to do
        }
        channel = null;
    }

    /** Writes the pending summaries, publishes the head, closes the file and deletes it if it never got a record. */
    @Override
    public void close() {
        timer.close();
        summary.drain(Instant.now(), true).forEach(this::append);
        publish("close", true);
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            closeChannel();
            try {
                if (fileRecords == 0 && Files.exists(file) && Files.size(file) == 0) {
                    Files.delete(file);
                }
            } catch (IOException e) {
                log().log(System.Logger.Level.DEBUG, "cannot remove the empty audit file " + file, e);
            }
        }
    }

    @Override
    public String toString() {
        return "AuditLog[" + Objects.toString(file) + "]";
    }

    /** Looked up when first needed: the lookup initialises the JDK's logging, which a light start defers. */
    private static System.Logger log() {
        return System.getLogger("dev.hatch.audit");
    }
}
