package dev.hatch.cli.connection;

import dev.hatch.cli.output.CliException;
import dev.hatch.cli.output.Doc;
import dev.hatch.cli.output.Text;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;

/** Turns error answers and connection failures into one clear line and a distinct exit status. */
public final class Failures {
    /** The pipeline's wording for a token without the route's scope: "token 'NAME' lacks the 'SCOPE' scope". */
    private static final Pattern SCOPE = Pattern.compile("lacks the '([a-z]+)' scope");
    /** A route switched off by configuration: "the REPL is disabled; ... hatch.repl.enabled=true ...". */
    private static final Pattern DISABLED = Pattern.compile("^the (.+?) is disabled\\b.*?\\b(hatch\\.[a-z.-]+=true)");

    private Failures() {
    }

    /**
     * The failure for an error answer.
     *
     * @param what what was asked for, e.g. {@code "the leak report"}; used for 404
     */
    public static CliException fromStatus(int status, HttpHeaders headers, String body, String method, URI uri, String what) {
        String request = method + " " + uri.getRawPath();
        Doc problem = problem(headers, body);
        String detail = problem.get("detail").str(null);
        String title = problem.get("title").str("");
        return switch (status) {
            case 401 -> new CliException(CliException.UNAUTHORIZED, "401 unauthorized: the server refused the token; check the token file"
                    + " (--token-file) or HATCH_TOKEN");
            case 403 -> forbidden(detail, request);
            case 404 -> new CliException(CliException.NOT_FOUND, "this Hatch version has no " + what + " (" + request + " answered 404)");
            case 429 -> new CliException(CliException.TRY_LATER, "429 too many requests: rate limited or locked out after failed logins;"
                    + " retry in " + retryAfter(headers) + " s");
            case 503 -> new CliException(CliException.TRY_LATER, "503 unavailable: " + (detail == null ? "the server is overloaded" : Text.line(detail, 200))
                    + "; retry in " + retryAfter(headers) + " s");
            default -> CliException.failed(status + (title.isEmpty() ? "" : " " + Text.line(title, 40).toLowerCase(Locale.ROOT)) + ": "
                    + (detail != null ? Text.line(detail, 300) : body.isBlank() ? request + " failed" : Text.line(body, 200)));
        };
    }

    private static CliException forbidden(String detail, String request) {
        if (detail != null) {
            Matcher off = DISABLED.matcher(detail);
            if (off.find()) {
                // Checked first: the server's text goes on to say that a token needs the scope too.
                return new CliException(CliException.FORBIDDEN, "403 forbidden: the " + off.group(1) + " is disabled on the server;"
                        + " the application must be started with " + off.group(2) + " (" + request + ")");
            }
            Matcher m = SCOPE.matcher(detail);
            if (m.find()) {
                return new CliException(CliException.FORBIDDEN, "403 forbidden: the token lacks the '" + m.group(1) + "' scope that "
                        + request + " needs (" + Text.line(detail, 200) + ")");
            }
            return new CliException(CliException.FORBIDDEN, "403 forbidden: " + Text.line(detail, 300));
        }
        return new CliException(CliException.FORBIDDEN, "403 forbidden: the token may not call " + request);
    }

    /** The problem+json document of an error answer, or missing. */
    public static Doc problem(HttpHeaders headers, String body) {
        String type = headers.firstValue("Content-Type").orElse("");
        if (body == null || body.isBlank() || !(type.contains("json"))) {
            return Doc.of(null);
        }
        try {
            return Doc.parse(body, "the server");
        } catch (CliException e) {
            return Doc.of(null);
        }
    }

    public static String retryAfter(HttpHeaders headers) {
        String v = headers.firstValue("Retry-After").orElse("?").trim();
        return v.matches("\\d{1,9}") ? v : "?";
    }

    /** The failure for an exception while talking to the server. */
    public static CliException fromException(Throwable e, Target target, Duration timeout) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CliException c) {
                return c;
            }
        }
        String where = target.hostPort();
        if (find(e, HttpConnectTimeoutException.class) != null) {
            return new CliException(CliException.UNREACHABLE, "cannot connect to " + where + ": no answer within " + seconds(timeout)
                    + (target.tls() ? " (connect and TLS handshake); is the address right, does the port speak TLS,"
                    : "; is the address right,") + " or is a firewall dropping the connection?");
        }
        SSLException ssl = find(e, SSLException.class);
        if (ssl != null) {
            return tls(ssl, target);
        }
        if (find(e, HttpTimeoutException.class) != null || find(e, java.util.concurrent.TimeoutException.class) != null) {
            return new CliException(CliException.TIMEOUT, "no answer from " + where + " within " + seconds(timeout)
                    + " (--timeout); the server may be busy, try a longer --timeout");
        }
        if (find(e, UnknownHostException.class) != null || find(e, UnresolvedAddressException.class) != null) {
            return new CliException(CliException.UNREACHABLE, "cannot connect to " + where + ": unknown host " + target.base().getHost());
        }
        if (find(e, NoRouteToHostException.class) != null) {
            return new CliException(CliException.UNREACHABLE, "cannot connect to " + where + ": no route to host");
        }
        if (find(e, ConnectException.class) != null) {
            return new CliException(CliException.UNREACHABLE, "cannot connect to " + where + ": connection refused; is the service"
                    + " running, and is the port right?");
        }
        String message = chainMessages(e);
        if (!target.tls() && message.contains("parsing HTTP/1.1 status line")) {
            // Not HTTP: a TLS server answers a plain request with a TLS alert, not a status line.
            return new CliException(CliException.FAILED, "the answer from " + where + " is not HTTP; if the server uses"
                    + " TLS, use an https:// URL");
        }
        if (message.contains("header parser received no bytes")) {
            return target.tls()
                    ? new CliException(CliException.TLS, "TLS failure with " + where + ": the server closed the connection right after the"
                    + " handshake; if it requires a client certificate, pass --cert FILE --key FILE with one it trusts")
                    : new CliException(CliException.FAILED, "the connection to " + where + " closed without an answer; if the server uses"
                    + " TLS, use an https:// URL");
        }
        return CliException.failed("the connection to " + where + " failed: " + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : " " + Text.line(e.getMessage(), 160)));
    }

    private static CliException tls(SSLException e, Target target) {
        String all = chainMessages(e);
        String hint;
        if (all.contains("PKIX") || all.contains("certification path")) {
            hint = "the server's certificate is not trusted; pass --cacert CA.pem with the CA that issued it";
        } else if (all.contains("No subject alternative") || all.contains("No name matching")) {
            hint = "the server's certificate is not issued for " + target.base().getHost() + "; use the host name it names";
        } else if (all.contains("bad_certificate") || all.contains("certificate_required") || all.contains("certificate_unknown")
                || all.contains("handshake_failure") && all.contains("received")) {
            hint = "the server refused our client certificate or wants one; pass --cert FILE --key FILE with a certificate it trusts";
        } else if (all.contains("Unsupported or unrecognized SSL message") || all.contains("plaintext")) {
            hint = "the server does not speak TLS on this port; try an http:// URL";
        } else {
            hint = Text.line(e.getMessage(), 160) + "; check --cacert, --cert and --key";
        }
        return new CliException(CliException.TLS, "TLS failure with " + target.hostPort() + ": " + hint);
    }

    private static String chainMessages(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            sb.append(t.getMessage()).append(' ');
        }
        return sb.toString();
    }

    public static <T extends Throwable> T find(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    public static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    /** An I/O failure while reading an answer that had started: the connection broke. */
    public static boolean isBrokenTransfer(Throwable e) {
        return find(e, IOException.class) != null && find(e, SSLException.class) == null;
    }
}
