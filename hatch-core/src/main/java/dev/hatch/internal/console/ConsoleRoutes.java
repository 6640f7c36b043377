package dev.hatch.internal.console;

import dev.hatch.internal.http.Capability;
import dev.hatch.internal.http.Exchange;
import dev.hatch.internal.http.Problem;
import dev.hatch.internal.http.Route;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The web console's own files: {@code GET /ops/console} (the page) and
 * {@code GET /ops/console/{file}} for a fixed allow-list ({@code app.js}, {@code app.css}). They
 * hold no data, so they are served without credentials ({@link Route#publicAsset}); everything
 * the page shows comes from API calls that carry the token the operator signs in with.
 *
 * <p>The files are read from the jar once, at start; a name outside the allow-list is 404,
 * so no path ever reaches the class path or the file system.
 */
public final class ConsoleRoutes implements Capability {
    /**
     * Only this origin's script, style and API; flame graphs and downloads are blob: URLs; the
     * page may not be framed, may not change its base URL and submits no forms.
     */
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:;"
            + " frame-src blob:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    private record Asset(String mediaType, String text) {
    }

    private final Asset page;
    private final Map<String, Asset> files;

    /**
     * Loads the console's files from the jar and writes the sign-in page's facts into the page:
     * which service this is and where its token comes from (never the token).
     *
     * @param service the service's name, shown on the sign-in page
     * @param generatedTokenFile the file holding the generated token, or {@code null} when tokens are configured
     */
    public ConsoleRoutes(String service, Path generatedTokenFile) {
        page = new Asset("text/html; charset=utf-8", SignInPage.render(load("index.html"), service, generatedTokenFile));
        files = Map.of("app.js", new Asset("text/javascript; charset=utf-8", load("app.js")),
                "app.css", new Asset("text/css; charset=utf-8", load("app.css")));
    }

    /** The service's name for the sign-in page: see {@link SignInPage#serviceName}. */
    public static String serviceName(Map<String, String> info) {
        return SignInPage.serviceName(info);
    }

    /** The routes. */
    @Override
    public List<Route> routes() {
        return List.of(Route.publicAsset(Route.PREFIX + "/console", "console", this::page),
                Route.publicAsset(Route.PREFIX + "/console/{file}", "console-file", this::file));
    }

    /**
     * The page. Its links are relative ({@code console/app.js}), so that it also works under a
     * servlet context path; {@code /ops/console/} would break them and is redirected.
     */
    private void page(Exchange ex) throws IOException {
        if (ex.request().path().endsWith("/")) {
            ex.allowOnly(Set.of());
            ex.header("Location", "../console");
            ex.send(308, "text/plain", "the console is at ../console\n");
            return;
        }
        serve(ex, page);
    }

    private void file(Exchange ex) throws IOException {
        Asset asset = files.get(ex.pathParam("file"));
        if (asset == null) {
            throw Problem.notFound("the console has no such file; it serves " + String.join(", ", files.keySet().stream().sorted().toList()));
        }
        serve(ex, asset);
    }

    private static void serve(Exchange ex, Asset asset) throws IOException {
        ex.allowOnly(Set.of());
        ex.header("Content-Security-Policy", CSP);
        ex.header("X-Frame-Options", "DENY");
        ex.header("Cache-Control", "no-store");
        ex.header("X-Content-Type-Options", "nosniff");
        ex.send(200, asset.mediaType(), asset.text());
    }

    private static String load(String name) {
        try (InputStream in = ConsoleRoutes.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the console's " + name + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
