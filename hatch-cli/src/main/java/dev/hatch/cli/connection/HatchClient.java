package dev.hatch.cli.connection;

import dev.hatch.cli.output.CliException;
import dev.hatch.cli.output.Doc;
import dev.hatch.cli.output.OutputOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import javax.net.ssl.SSLContext;

/**
 * Talks to one Hatch endpoint: adds the bearer token to every request, never follows a
 * redirect (the token stays with the server it was meant for), reads answers with a size
 * limit, and turns every failure into a {@link CliException}.
 */
public final class HatchClient {
    /** The largest JSON or text answer read into memory (a thread dump of many threads is big). */
    static final int MAX_ANSWER = 256 << 20;
    private static final String USER_AGENT = "hatch-cli/" + Version.get();

    private final HttpClient http;
    private final Target target;
    private final String token;
    private final Duration timeout;

    /** An answer read completely. */
    public record Reply(int status, HttpHeaders headers, String body, String method, URI uri) {
        /** The body read as JSON; {@code what} names it in the failure when it is not JSON. */
        public Doc json(String what) {
            return Doc.parse(body, what);
        }

        /** The body as it came, for {@code --json}. */
        public OutputOptions.Raw raw() {
            return new OutputOptions.Raw(body);
        }
    }

    public HatchClient(Target target, String token, Duration timeout, SSLContext ssl) {
        this(target, token, timeout, newHttp(timeout, ssl));
    }

    public HatchClient(Target target, String token, Duration timeout, HttpClient http) {
        this.target = target;
        this.token = token;
        this.timeout = timeout;
        this.http = http;
    }

    /** A JDK client for HTTP/1.1 with the given connect time-out; {@code ssl} may be null. */
    public static HttpClient newHttp(Duration connectTimeout, SSLContext ssl) {
        HttpClient.Builder b = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(connectTimeout);
        if (ssl != null) {
            b.sslContext(ssl);
        }
        return b.build();
    }

    public Target target() {
        return target;
    }

    public Duration timeout() {
        return timeout;
    }

    public HttpClient http() {
        return http;
    }

    /** A request to an absolute URI with the token; {@code wait} bounds the time until the answer's head arrives. */
    public HttpRequest.Builder request(URI uri, Duration wait) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(wait).header("User-Agent", USER_AGENT);
        return token == null ? b : b.header("Authorization", "Bearer " + token); // null: the client certificate authenticates
    }

    /** GET a route below the base URL, failing on anything but 2xx. */
    public Reply get(String route, String what) {
        return call("GET", target.resolve(route), null, timeout, what);
    }

    /**
     * Sends a request and reads the whole answer.
     *
     * @param body a JSON body, or null for none
     * @param accepted statuses besides 2xx that are answers rather than failures
     */
    public Reply call(String method, URI uri, String body, Duration wait, String what, int... accepted) {
        return await(callAsync(method, uri, body, wait, what, accepted), wait.plus(timeout));
    }

    /** Like {@link #call} without waiting; the future fails with a {@link CliException}. */
    public CompletableFuture<Reply> callAsync(String method, URI uri, String body, Duration wait, String what, int... accepted) {
        HttpRequest.Builder b = request(uri, wait).header("Accept", "application/json, application/problem+json, */*");
        if (body != null) {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return http.sendAsync(b.build(), info -> new CappedBody(MAX_ANSWER))
                .handle((r, e) -> {
                    if (e != null) {
                        throw Failures.fromException(e, target, wait);
                    }
                    Reply reply = new Reply(r.statusCode(), r.headers(), r.body(), method, uri);
                    if (r.statusCode() / 100 != 2 && !contains(accepted, r.statusCode())) {
                        throw Failures.fromStatus(r.statusCode(), r.headers(), r.body(), method, uri, what);
                    }
                    return reply;
                });
    }

    /** Waits for a future of this client, with an upper bound, unwrapping its failure. */
    public <T> T await(CompletableFuture<T> future, Duration limit) {
        try {
            return future.get(limit.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (ExecutionException | CompletionException e) {
            throw Failures.fromException(e.getCause() == null ? e : e.getCause(), target, timeout);
        } catch (java.util.concurrent.TimeoutException e) {
            future.cancel(true);
            throw new CliException(CliException.TIMEOUT, "no answer from " + target.hostPort() + " within "
                    + Failures.seconds(limit) + " (--timeout)");
        } catch (CancellationException e) {
            throw CliException.failed("cancelled");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            throw CliException.failed("interrupted");
        }
    }

    private static boolean contains(int[] values, int v) {
        for (int x : values) {
            if (x == v) {
                return true;
            }
        }
        return false;
    }
}
