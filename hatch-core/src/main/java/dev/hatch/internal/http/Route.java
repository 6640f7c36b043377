package dev.hatch.internal.http;

import dev.hatch.Scope;
import java.util.Objects;

/**
 * One capability's HTTP route: method, path template (segments such as {@code {id}} bind path
 * parameters), the scope it requires ({@code null}: any authenticated caller) and its handler.
 *
 * @param method e.g. {@code GET}
 * @param template e.g. {@code /ops/heapdumps/{id}}
 * @param scope the scope a token needs, or {@code null} for any valid token
 * @param name a short stable name, used by {@code hatch.public}, the audit log and {@code GET /ops}
 * @param handler the code that serves it
 * @param publicAsset whether this is a static asset served without credentials (the web
 *     console's own files, which hold no data); see {@link #publicAsset(String, String, Handler)}
 */
public record Route(String method, String template, Scope scope, String name, Handler handler, boolean publicAsset) {

    /** Where every route lives: the one place the {@code /ops} prefix is written. */
    public static final String PREFIX = "/ops";

    /** Validates the components. */
    public Route {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(handler, "handler");
        if (!template.startsWith("/")) {
            throw new IllegalArgumentException("template must start with /: " + template);
        }
    }

    /** A route that requires credentials. */
    public Route(String method, String template, Scope scope, String name, Handler handler) {
        this(method, template, scope, name, handler, false);
    }

    /**
     * A GET route for a static file that holds no data (the console's HTML, script and style):
     * the pipeline serves it without credentials, like a {@code hatch.public} route. Anything
     * that reads or changes the application must never be one.
     */
    public static Route publicAsset(String template, String name, Handler handler) {
        return new Route("GET", template, null, name, handler, true);
    }

    /** A GET route. */
    public static Route get(String template, Scope scope, String name, Handler handler) {
        return new Route("GET", template, scope, name, handler);
    }

    /** A POST route. */
    public static Route post(String template, Scope scope, String name, Handler handler) {
        return new Route("POST", template, scope, name, handler);
    }

    /** Whether this route changes state: such routes refuse cross-site browser requests. */
    public boolean stateChanging() {
        return !method.equals("GET") && !method.equals("HEAD");
    }

    /** Serves one request. Throw {@link Problem} for an error the client should see. */
    @FunctionalInterface
    public interface Handler {
        /** Serves the exchange. */
        void handle(Exchange exchange) throws Exception;
    }
}
