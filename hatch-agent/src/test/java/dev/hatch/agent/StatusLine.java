package dev.hatch.agent;

import static org.assertj.core.api.Assertions.fail;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The agent's success line: {@code hatch: maintenance endpoint at URL[; token file PATH]}. */
record StatusLine(URI url, int port, Optional<Path> tokenFile) {
    private static final Pattern LINE = Pattern.compile(
            "hatch: maintenance endpoint at (https?://127\\.0\\.0\\.1:(\\d+)/ops)(?:; token file (.+))?");

    static StatusLine parse(String line, String context) {
        Matcher m = LINE.matcher(line);
        if (!m.matches()) {
            fail("not the agent's status line: " + line + "\n" + context);
        }
        return new StatusLine(URI.create(m.group(1)), Integer.parseInt(m.group(2)),
                Optional.ofNullable(m.group(3)).map(Path::of));
    }

    /** {@code http://127.0.0.1:PORT} (or {@code https:} when the endpoint speaks TLS) + path. */
    URI resolve(String path) {
        return URI.create(url.getScheme() + "://127.0.0.1:" + port + path);
    }
}
