package dev.hatch.internal.console;

import java.nio.file.Path;
import java.util.Map;

/**
 * What the sign-in page says before anyone has signed in: whose console this is and where a
 * token comes from. Facts only, never a secret: the generated token's file is named (its path
 * is in the service's log too; the file is readable by the service's user alone), its content
 * never. Every value is escaped before it meets the page's markup.
 */
final class SignInPage {
    private SignInPage() {
    }

    /**
     * The name the page shows: the application's {@code info("service", …)} or
     * {@code info("name", …)}, else its main class or jar, else "a Java process".
     */
    static String serviceName(Map<String, String> info) {
        for (String key : new String[] {"service", "name"}) {
            String v = info.get(key);
            if (v != null && !v.isBlank()) {
                return v.strip();
            }
        }
        String command = System.getProperty("sun.java.command", "").strip();
        if (command.isEmpty()) {
            return "a Java process";
        }
        // The first word is the main class or the jar; the rest are arguments, which may hold secrets.
        String main = command.split("\\s+", 2)[0];
        return main.endsWith(".jar") ? Path.of(main).getFileName().toString() : main;
    }

    /** The page with its {@code %SERVICE%} and {@code %TOKEN_SOURCES%} filled in. */
    static String render(String template, String service, Path generatedTokenFile) {
        StringBuilder sources = new StringBuilder();
        if (generatedTokenFile != null) {
            String file = escape(generatedTokenFile.toAbsolutePath().toString());
            sources.append("<li id=\"token-generated\">No token is configured, so Hatch generated one when the service started"
                    + " and wrote it to <code id=\"token-file\">").append(file).append("</code> on the service's machine,"
                    + " readable only by the user the service runs as. Copy it from there (<code>cat ").append(file)
                    .append("</code>); it changes at every restart.</li>\n");
        }
        sources.append("<li id=\"token-configured\">").append(generatedTokenFile == null ? "" : "To choose your own: ")
                .append("whoever runs the service sets tokens with <code>hatch.token.NAME=sha256:&lt;hash&gt;</code>,"
                        + " <code>env:VARIABLE</code> or <code>file:/path</code> in its <code>hatch.properties</code>"
                        + " (or <code>Hatch.builder().token(…)</code>), with <code>hatch.token.NAME.scopes</code>. The"
                        + " configuration holds a hash or a reference, never the token itself: ask them for yours.</li>\n");
        sources.append("<li id=\"token-cli\">The command line takes the same token from a file or the environment:"
                + " <code>hatch --url <span id=\"cli-url\">URL</span> --token-file FILE status</code>, or"
                + " <code>HATCH_TOKEN</code> instead of <code>--token-file</code>.</li>");
        return template.replace("%SERVICE%", escape(service)).replace("%TOKEN_SOURCES%", sources.toString());
    }

    static String escape(String text) {
        StringBuilder sb = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
