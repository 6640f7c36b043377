package dev.hatch.cli.dumps;

import dev.hatch.cli.connection.CappedBody;
import dev.hatch.cli.connection.Failures;
import dev.hatch.cli.connection.HatchClient;
import dev.hatch.cli.output.CliException;
import dev.hatch.cli.output.Text;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Downloads an answer into {@code FILE.part} and renames it to {@code FILE} once complete, so a
 * file with the final name is always whole. The part file is created readable by its owner only
 * (heap dumps hold secrets). A transfer that stops delivering bytes for the stall limit is cut.
 * {@link #resume} continues a broken transfer with {@code Range} requests.
 */
public final class Download {
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");
    private static final int ERROR_BODY_LIMIT = 64 * 1024;

    private final HatchClient client;
    private final Progress progress;
    private final Duration headTimeout;
    private final Duration stall;
    /**
     * The validator ({@code ETag}) of the last answer whose body began, kept even when that
     * transfer then broke: the resumed request sends it as {@code If-Range}, so a file that
     * changed meanwhile comes back whole (200) instead of as a tail of the new file (206).
     */
    private volatile String validator;

    /** What one transfer brought. */
    record Result(int status, HttpHeaders headers, long bytes, long total) {
    }

    /**
     * @param headTimeout how long to wait for the answer's head (a heap dump pauses before it)
     * @param stall how long the body may deliver nothing before the transfer is cut
     */
    Download(HatchClient client, Progress progress, Duration headTimeout, Duration stall) {
        this.client = client;
        this.progress = progress;
        this.headTimeout = headTimeout;
        this.stall = stall;
    }

    /** Where a download to {@code target} is written until it is complete: {@code FILE.part}. */
    public static Path partFile(Path target) {
        return target.resolveSibling(target.getFileName() + ".part");
    }

    /** Creates an empty part file only the owner can read, replacing an old one. */
    static void freshPart(Path part) {
        try {
            Files.deleteIfExists(part);
            try {
                Files.createFile(part, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(part);
            }
        } catch (FileAlreadyExistsException e) {
            throw CliException.failed(part + " appeared while we were creating it; is another download running?");
        } catch (IOException e) {
            throw CliException.failed("cannot create " + part + ": " + e.getMessage());
        }
    }

    /**
     * One transfer of {@code uri} into {@code part}: from the start (truncating the file), or from
     * byte {@code from} with a {@code Range} request. A server that ignores the range and answers
     * 200 restarts the file from zero.
     *
     * @throws IOException when the connection fails or breaks; the part keeps what arrived
     * @throws CliException for an error answer
     */
    Result transfer(URI uri, Path part, long from, String ifRange, String what) throws IOException {
        HttpRequest.Builder b = client.request(uri, headTimeout).header("Accept", "*/*").GET();
        if (from > 0) {
            b.header("Range", "bytes=" + from + "-");
            if (ifRange != null) {
                b.header("If-Range", ifRange);
            }
        }
        AtomicLong written = new AtomicLong(from);
        AtomicLong total = new AtomicLong(-2);
        AtomicReference<FileBody> body = new AtomicReference<>();
        AtomicReference<String> errorBody = new AtomicReference<>("");
        HttpResponse.BodyHandler<Long> handler = info -> {
            int s = info.statusCode();
            try {
                if (s == 200 || (s == 206 && from > 0)) {
                    info.headers().firstValue("ETag").ifPresent(tag -> validator = tag);
                    long start = 0;
                    long size = info.headers().firstValueAsLong("Content-Length").orElse(-1);
                    if (s == 206) {
                        Matcher m = CONTENT_RANGE.matcher(info.headers().firstValue("Content-Range").orElse(""));
                        if (!m.matches() || Long.parseLong(m.group(1)) != from) {
                            throw new IOException("the server resumed at the wrong place (Content-Range: "
                                    + Text.line(info.headers().firstValue("Content-Range").orElse("none"), 60) + ", wanted byte " + from + ")");
                        }
                        start = from;
                        size = m.group(3).equals("*") ? -1 : Long.parseLong(m.group(3));
                    }
                    FileChannel channel = FileChannel.open(part, StandardOpenOption.WRITE);
                    channel.truncate(start);
                    channel.position(start);
                    written.set(start);
                    total.set(size);
                    FileBody fb = new FileBody(channel, written);
                    body.set(fb);
                    return fb;
                }
            } catch (IOException e) {
                return HttpResponse.BodySubscribers.mapping(HttpResponse.BodySubscribers.discarding(), v -> {
                    throw new UncheckedIOException(e);
                });
            }
            return HttpResponse.BodySubscribers.mapping(new CappedBody(ERROR_BODY_LIMIT), text -> {
                errorBody.set(text);
                return -1L;
            });
        };
        HttpResponse<Long> response = await(client.http().sendAsync(b.build(), handler), written, total, body);
        int status = response.statusCode();
        if (status != 200 && status != 206) {
            throw Failures.fromStatus(status, response.headers(), errorBody.get(), "GET", uri, what);
        }
        progress.finish(written.get(), total.get());
        return new Result(status, response.headers(), response.body(), total.get());
    }

    private HttpResponse<Long> await(CompletableFuture<HttpResponse<Long>> f, AtomicLong written, AtomicLong total,
                                     AtomicReference<FileBody> body) throws IOException {
        long last = -1;
        long lastChange = System.nanoTime();
        boolean started = false;
        while (true) {
            try {
                return f.get(200, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                FileBody fb = body.get();
                if (fb == null) {
                    continue;
                }
                long now = written.get();
                if (!started) {
                    started = true;
                    progress.start(now, total.get());
                }
                progress.update(now);
                if (now != last) {
                    last = now;
                    lastChange = System.nanoTime();
                } else if (System.nanoTime() - lastChange > stall.toNanos()) {
                    fb.abort(new IOException("no data for " + Failures.seconds(stall)));
                }
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof UncheckedIOException u) {
                    throw u.getCause();
                }
                if (cause instanceof IOException io) {
                    throw io;
                }
                if (cause instanceof CliException c) {
                    throw c;
                }
                throw new IOException(cause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                f.cancel(true);
                throw new IOException("interrupted", e);
            }
        }
    }

    /**
     * Downloads with resumption: after a broken transfer, waits a little and asks for the rest
     * with {@code Range}, up to {@code retries} times. The part file may already hold a
     * beginning from an earlier run.
     *
     * @param expected the size the server announced beforehand, or -1
     * @return the size of the complete file
     */
    long resume(URI uri, Path part, int retries, long expected, String what) {
        validator = null;
        long total = expected;
        IOException lastError = null;
        for (int attempt = 0; attempt <= retries; attempt++) {
            long from = size(part);
            if (total >= 0 && from == total && from > 0) {
                return from;
            }
            if (total >= 0 && from > total) {
                freshPart(part);
                from = 0;
            }
            try {
                Result r = transfer(uri, part, from, validator, what);
                if (r.total() >= 0) {
                    total = r.total();
                }
                if (total < 0 || r.bytes() == total) {
                    return r.bytes();
                }
                lastError = new IOException("the answer ended after " + r.bytes() + " of " + total + " bytes");
            } catch (IOException e) {
                lastError = e;
            } catch (CliException e) {
                if (e.exitCode() != CliException.FAILED || !e.getMessage().startsWith("416")) {
                    throw e;
                }
                freshPart(part);
                lastError = new IOException("the server refused the range; starting again");
            }
            if (attempt < retries) {
                long wait = Math.min(10, 1L << attempt);
                progress.note("hatch: the transfer broke after " + Text.bytes(size(part)) + " (" + Text.line(lastError.getMessage(), 80)
                        + "); resuming in " + wait + " s, attempt " + (attempt + 2) + " of " + (retries + 1));
                sleep(wait);
            }
        }
        throw CliException.failed("the download broke " + (retries + 1) + " times (last: " + Text.line(String.valueOf(lastError.getMessage()), 100)
                + "); " + part + " keeps " + Text.bytes(size(part)));
    }

    /** Deletes a file if it is there, ignoring failures (cleaning up a part file). */
    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // best effort
        }
    }

    static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    private static void sleep(long seconds) {
        try {
            Thread.sleep(seconds * 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliException.failed("interrupted");
        }
    }
}
